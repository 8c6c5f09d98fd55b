// A local stand-in for the WeCom and DingTalk robot endpoints on 127.0.0.1: it records every
// POST, checks DingTalk's 加签 (timestamp + sign) when given the secret, answers as the platforms
// do ({"errcode": 0, "errmsg": "ok"}), and can be told to answer the next requests with an error.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** Whether this request was answered with an injected failure. */
  failed: boolean;
}

export class WebhookReceiver {
  readonly posts: ReceivedPost[] = [];
  private failures: number[] = [];
  private server: http.Server | null = null;
  url = '';

  constructor(private readonly dingtalkSecret: string | null = null) {}

  failNext(count: number, status = 500): void {
    for (let i = 0; i < count; i++) this.failures.push(status);
  }

  /** The accepted posts to a path (…/cgi-bin/webhook/send or …/robot/send). */
  accepted(path: string): ReceivedPost[] {
    return this.posts.filter((p) => p.path === path && !p.failed);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://local');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        const failure = this.failures.shift();
        this.posts.push({ path: url.pathname, query: url.searchParams, body, failed: failure !== undefined });
        res.setHeader('content-type', 'application/json');
        if (failure !== undefined) {
          res.writeHead(failure).end(JSON.stringify({ errcode: -1, errmsg: 'system busy' }));
          return;
        }
        if (url.pathname === '/robot/send' && this.dingtalkSecret) {
          const timestamp = url.searchParams.get('timestamp') ?? '';
          const expected = createHmac('sha256', this.dingtalkSecret).update(`${timestamp}\n${this.dingtalkSecret}`).digest('base64');
          if (url.searchParams.get('sign') !== expected) {
            this.posts[this.posts.length - 1]!.failed = true;
            res.writeHead(200).end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
            return;
          }
        }
        res.writeHead(200).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
