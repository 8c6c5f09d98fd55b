// The simulated SMS gateway: a real HTTP server speaking the gateway API that core/notify's
// SMS adapter uses (docs/NOTIFICATIONS.md), for the demo county and the tests. It checks the
// signature and the numbers as a real gateway would, keeps what it was sent, and can be told to
// fail the next requests (a gateway down, or answering 500) to show the retries.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MOBILE, smsSignature } from '../../notify/channels/index.js';

export interface ReceivedSms {
  bizId: string;
  phone: string;
  signName: string;
  content: string;
  outId: string | null;
  receivedAt: number;
}

export interface SimSmsGatewayOptions {
  host?: string;
  port?: number;
  appId?: string;
  /** Empty: signatures are not checked. */
  appSecret?: string;
  /** Keep at most this many messages (oldest dropped). */
  keep?: number;
}

const MAX_BODY = 64 * 1024;

export class SimSmsGateway {
  readonly received: ReceivedSms[] = [];
  /** Requests answered so far, failed ones included. */
  requests = 0;
  private failures: number[] = [];
  private server: http.Server | null = null;
  url = '';

  constructor(private readonly options: SimSmsGatewayOptions = {}) {}

  /** The next `count` send requests get this HTTP status (500: a gateway in trouble). */
  failNext(count: number, status = 500): void {
    for (let i = 0; i < count; i++) this.failures.push(status);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    if (req.method === 'GET' && url.pathname === '/v1/sms/messages') {
      return this.answer(res, 200, { items: this.received.slice(-200).reverse() });
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/sms/send') return this.answer(res, 404, { code: 'NOT_FOUND', message: 'no such API' });
    this.requests++;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return this.answer(res, 413, { code: 'BODY_TOO_LARGE', message: '请求过大' });
      chunks.push(chunk as Buffer);
    }
    const failure = this.failures.shift();
    if (failure !== undefined) return this.answer(res, failure, { code: 'SERVICE_UNAVAILABLE', message: '网关繁忙（模拟）' });
    const raw = Buffer.concat(chunks).toString('utf8');
    const secret = this.options.appSecret ?? '';
    if (secret) {
      const appId = String(req.headers['x-app-id'] ?? '');
      const expected = Buffer.from(smsSignature(secret, appId, String(req.headers['x-timestamp'] ?? ''), String(req.headers['x-nonce'] ?? ''), raw));
      const given = Buffer.from(String(req.headers['x-signature'] ?? ''));
      if (appId !== (this.options.appId ?? 'gridhall') || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return this.answer(res, 401, { code: 'isv.SIGNATURE_INVALID', message: '签名校验失败' });
      }
    }
    let body: { phones?: unknown; signName?: unknown; content?: unknown; outId?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return this.answer(res, 400, { code: 'isv.INVALID_JSON', message: '请求不是 JSON' });
    }
    const phones = Array.isArray(body.phones) ? body.phones.map(String) : [];
    if (!phones.length || phones.some((p) => !MOBILE.test(p))) return this.answer(res, 200, { code: 'isv.MOBILE_NUMBER_ILLEGAL', message: '手机号码格式错误' });
    if (typeof body.content !== 'string' || body.content.length === 0 || body.content.length > 500) return this.answer(res, 200, { code: 'isv.CONTENT_ILLEGAL', message: '短信内容为空或过长' });
    const bizId = randomUUID();
    for (const phone of phones) {
      this.received.push({ bizId, phone, signName: String(body.signName ?? ''), content: body.content, outId: typeof body.outId === 'string' ? body.outId : null, receivedAt: Date.now() });
    }
    if (this.received.length > (this.options.keep ?? 10_000)) this.received.splice(0, this.received.length - (this.options.keep ?? 10_000));
    return this.answer(res, 200, { code: 'OK', message: '发送成功', bizId });
  }
}
