// WeCom (企业微信) group robot: POST the webhook URL (…/cgi-bin/webhook/send?key=KEY) a text
// message, @-mentioning the contact by phone. The answer is {"errcode": 0, "errmsg": "ok"};
// 45009 is the robot's rate limit (20 a minute): tried again later. A text is at most 2,048 bytes.
import { DeliveryError, postJson, type Outgoing } from './errors.js';

const RATE_LIMITED = new Set([45009, -1]);
const MAX_BYTES = 2048;

/** Cuts a text to at most `max` UTF-8 bytes on a character boundary. */
export function cutToBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch + '…') > max) break;
    out += ch;
  }
  return `${out}…`;
}

export function wecomBody(message: Outgoing) {
  return {
    msgtype: 'text',
    text: { content: cutToBytes(message.body, MAX_BYTES), mentioned_mobile_list: message.mention ? [message.mention] : [] },
  };
}

export async function sendWecom(message: Outgoing): Promise<{ ref: string | null }> {
  const { status, json } = await postJson(message.target, wecomBody(message));
  const code = Number(json.errcode ?? (status === 200 ? 0 : status));
  if (code !== 0) throw new DeliveryError(`WeCom robot: errcode ${code} ${String(json.errmsg ?? '')}`.trim(), RATE_LIMITED.has(code));
  return { ref: null };
}
