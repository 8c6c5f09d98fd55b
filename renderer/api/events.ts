// The live stream from core: WebSocket /api/events?token=… carrying {topic, at, data}.
// Reconnects with capped exponential backoff (with jitter, so a hall of screens does not
// reconnect in lockstep after a server restart) and keeps subscriptions across reconnects.
import type { EventMessage } from '../../core/contract/index';

export type StreamState = 'idle' | 'connecting' | 'open' | 'waiting';
export type EventHandler = (message: EventMessage) => void;

/** Close codes a server uses to say the token is no good; retrying would not help. */
const unauthorizedCloseCodes = new Set([1008, 4401, 4403]);

/** Delay before reconnect attempt n (0-based): half fixed, half random, doubling up to maxMs. */
export function reconnectDelay(attempt: number, initialMs = 500, maxMs = 30_000, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** A subscription key: an exact topic, a prefix ending in ".*" ("case.*"), or "*" for all. */
export function topicMatches(key: string, topic: string): boolean {
  if (key === '*' || key === topic) return true;
  return key.endsWith('.*') && topic.startsWith(key.slice(0, -1));
}

function isEventMessage(value: unknown): value is EventMessage {
  return typeof value === 'object' && value !== null && typeof (value as EventMessage).topic === 'string' && typeof (value as EventMessage).at === 'string';
}

export interface EventStreamOptions {
  /** The URL to connect to now, or null when there is no session (the stream then stops). */
  url(): string | null;
  onState?(state: StreamState): void;
  /** The server refused the token. */
  onUnauthorized?(): void;
}

export function eventsUrl(token: string, location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/events?token=${encodeURIComponent(token)}`;
}

export class EventStream {
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private running = false;
  private readonly handlers = new Map<string, Set<EventHandler>>();

  constructor(private readonly options: EventStreamOptions) {}

  subscribe(key: string, handler: EventHandler): () => void {
    let set = this.handlers.get(key);
    if (!set) this.handlers.set(key, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(key);
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'signed out');
    this.options.onState?.('idle');
  }

  private connect(): void {
    this.timer = null;
    const url = this.options.url();
    if (!url) return this.stop();
    this.options.onState?.('connecting');
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.options.onState?.('open');
    };
    socket.onmessage = (event) => this.dispatch(event.data);
    socket.onclose = (event) => {
      if (this.socket !== socket || !this.running) return;
      this.socket = null;
      if (unauthorizedCloseCodes.has(event.code)) {
        this.stop();
        this.options.onUnauthorized?.();
        return;
      }
      this.options.onState?.('waiting');
      this.timer = setTimeout(() => this.connect(), reconnectDelay(this.attempt++));
    };
  }

  private dispatch(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch {
      return; // not ours; the stream carries JSON only
    }
    if (!isEventMessage(message)) return;
    for (const [key, set] of this.handlers) {
      if (!topicMatches(key, message.topic)) continue;
      for (const handler of set) handler(message);
    }
  }
}
