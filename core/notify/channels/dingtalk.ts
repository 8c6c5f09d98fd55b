// DingTalk (钉钉) custom robot: POST the webhook URL (…/robot/send?access_token=TOKEN) a text
// message with at.atMobiles. A robot with 加签 wants `timestamp` (ms) and `sign` in the query:
// sign = URL-encoded Base64 of HMAC-SHA256(secret, timestamp + "\n" + secret); DingTalk refuses a
// timestamp more than an hour off. The answer is {"errcode": 0, "errmsg": "ok"}; 130101 (sending
// too fast, 20 a minute) is tried again later.
import { createHmac } from 'node:crypto';
import { DeliveryError, postJson, type Outgoing } from './errors.js';

const RATE_LIMITED = new Set([130101, -1]);

export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** The webhook URL with timestamp and sign added (unchanged without a secret). */
export function signedDingtalkUrl(webhook: string, secret: string | null, now: number): string {
  if (!secret) return webhook;
  const url = new URL(webhook);
  url.searchParams.set('timestamp', String(now));
  url.searchParams.set('sign', dingtalkSign(secret, now));
  return url.toString();
}

export function dingtalkBody(message: Outgoing) {
  return {
    msgtype: 'text',
    text: { content: message.mention ? `${message.body} @${message.mention}` : message.body },
    at: { atMobiles: message.mention ? [message.mention] : [], isAtAll: false },
  };
}

export async function sendDingtalk(message: Outgoing, now: number): Promise<{ ref: string | null }> {
  const { status, json } = await postJson(signedDingtalkUrl(message.target, message.secret, now), dingtalkBody(message));
  const code = Number(json.errcode ?? (status === 200 ? 0 : status));
  if (code !== 0) throw new DeliveryError(`DingTalk robot: errcode ${code} ${String(json.errmsg ?? '')}`.trim(), RATE_LIMITED.has(code));
  return { ref: null };
}
