// The live event stream: core modules publish, WebSocket clients at /api/events receive.
import type { EventMessage } from '../contract/index.js';

export type EventListener = (message: EventMessage) => void;

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly now: () => number = Date.now) {}

  publish<T>(topic: string, data: T): void {
    const message: EventMessage<T> = { topic, at: new Date(this.now()).toISOString(), data };
    for (const listener of this.listeners) listener(message);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
