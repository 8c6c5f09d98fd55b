// SMS over an HTTP SMS gateway (业务短信). Counties buy SMS from a carrier or an aggregator, each
// with its own API; Gridhall speaks one plain, signed JSON API (docs/NOTIFICATIONS.md) that a
// county's integrator puts in front of theirs, and the demo's simulated gateway speaks it too.
//
//   POST {url}/v1/sms/send
//   X-App-Id, X-Timestamp (ms), X-Nonce, X-Signature = hex HMAC-SHA256(appSecret,
//     appId \n timestamp \n nonce \n hex SHA-256(body))
//   {"phones": ["13800000001"], "signName": "数字城管", "content": "…", "outId": "…"}
//   → 200 {"code": "OK", "message": "…", "bizId": "…"}; any other code is refused for good
//     (isv.MOBILE_NUMBER_ILLEGAL, isv.SIGN_INVALID, …); 5xx and 429 are tried again.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { DeliveryError, postJson, type Outgoing } from './errors.js';

export interface SmsGatewayConfig {
  url: string;
  appId: string;
  appSecret: string;
  signName: string;
}

export function smsSignature(appSecret: string, appId: string, timestamp: string, nonce: string, body: string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', appSecret).update(`${appId}\n${timestamp}\n${nonce}\n${bodyHash}`).digest('hex');
}

/** China mainland mobile numbers (11 digits, 1[3-9]…). */
export const MOBILE = /^1[3-9]\d{9}$/;

export async function sendSms(config: SmsGatewayConfig, message: Outgoing, now: number): Promise<{ ref: string | null }> {
  if (!config.url) throw new DeliveryError('no SMS gateway is set (系统维护 › 消息通知 › 短信网关)', false);
  if (!MOBILE.test(message.target)) throw new DeliveryError(`"${message.target}" is not a mobile number (手机号码有误)`, false);
  const body = JSON.stringify({ phones: [message.target], signName: config.signName, content: message.body, outId: message.ref });
  const timestamp = String(now);
  const nonce = randomUUID();
  const headers = {
    'x-app-id': config.appId,
    'x-timestamp': timestamp,
    'x-nonce': nonce,
    'x-signature': smsSignature(config.appSecret, config.appId, timestamp, nonce, body),
  };
  const { status, json } = await postJson(`${config.url.replace(/\/$/, '')}/v1/sms/send`, JSON.parse(body), headers);
  if (status !== 200 || json.code !== 'OK') throw new DeliveryError(`SMS gateway refused: ${String(json.code ?? status)} ${String(json.message ?? '')}`.trim(), false);
  return { ref: typeof json.bizId === 'string' ? json.bizId : null };
}
