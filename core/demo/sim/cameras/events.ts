// The ONVIF event service of a simulated camera (ONVIF Core §9, WS-BaseNotification): a client
// creates a pull-point subscription (CreatePullPointSubscription), pulls its messages with a
// long poll (PullMessages: answered when a message comes or the timeout runs out), renews it
// (Renew) and ends it (Unsubscribe); a subscription nobody renews expires. The camera raises
// motion, tamper, line-crossing and an analytics rule (illegal parking) on command or on a
// schedule, as the notification messages real cameras send.
import { randomBytes } from 'node:crypto';
import { escapeXml as x, parseDuration } from './soap.js';

/** What the simulated camera can detect. */
export const SIM_EVENT_KINDS = ['motion', 'tamper', 'line_crossing', 'illegal_parking'] as const;
export type SimEventKind = (typeof SIM_EVENT_KINDS)[number];

/** The ONVIF topic (tns1 = http://www.onvif.org/ver10/topics) and message items of each kind. */
export const SIM_EVENT_TOPICS: Record<SimEventKind, { topic: string; source: [string, string][]; data: [string, string][] }> = {
  motion: { topic: 'tns1:RuleEngine/CellMotionDetector/Motion', source: [['VideoSourceConfigurationToken', 'vsc0'], ['VideoAnalyticsConfigurationToken', 'vac0'], ['Rule', 'MotionDetectorRule']], data: [['IsMotion', 'true']] },
  tamper: { topic: 'tns1:VideoSource/GlobalSceneChange/ImagingService', source: [['Source', 'vs0']], data: [['State', 'true']] },
  line_crossing: { topic: 'tns1:RuleEngine/LineDetector/Crossed', source: [['VideoSourceConfigurationToken', 'vsc0'], ['VideoAnalyticsConfigurationToken', 'vac0'], ['Rule', 'LineCrossingRule']], data: [['ObjectId', '1']] },
  illegal_parking: { topic: 'tns1:RuleEngine/FieldDetector/ObjectsInside', source: [['VideoSourceConfigurationToken', 'vsc0'], ['VideoAnalyticsConfigurationToken', 'vac0'], ['Rule', 'IllegalParking']], data: [['IsInside', 'true']] },
};

const MAX_QUEUE = 256;
const MAX_SUBSCRIPTIONS = 16;
const MAX_PULL_MS = 60_000;
const DEFAULT_TERMINATION_MS = 60_000;

interface Notification {
  topic: string;
  at: number;
  xml: string;
}

class Subscription {
  readonly queue: Notification[] = [];
  waiter: (() => void) | null = null;
  constructor(
    readonly id: string,
    public terminationAt: number,
  ) {}
}

export class SimEventSource {
  private readonly subscriptions = new Map<string, Subscription>();
  /** Raised events, for tests. */
  raised = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A notification of a kind goes to every live subscription. */
  raise(kind: SimEventKind, at = this.now()): void {
    const t = SIM_EVENT_TOPICS[kind];
    const items = (list: [string, string][]) => list.map(([n, v]) => `<tt:SimpleItem Name="${x(n)}" Value="${x(v)}"/>`).join('');
    const xml =
      `<wsnt:NotificationMessage><wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">${t.topic}</wsnt:Topic>` +
      `<wsnt:Message><tt:Message UtcTime="${new Date(at).toISOString()}" PropertyOperation="Changed"><tt:Source>${items(t.source)}</tt:Source><tt:Data>${items(t.data)}</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>`;
    this.raised++;
    this.expire();
    for (const s of this.subscriptions.values()) {
      s.queue.push({ topic: t.topic, at, xml });
      if (s.queue.length > MAX_QUEUE) s.queue.shift();
      s.waiter?.();
    }
  }

  get subscriptionCount(): number {
    this.expire();
    return this.subscriptions.size;
  }

  /** Ends every subscription (a camera restarting): pulls on them get ResourceUnknown. */
  dropAll(): void {
    for (const s of this.subscriptions.values()) s.waiter?.();
    this.subscriptions.clear();
  }

  private expire(): void {
    const now = this.now();
    for (const [id, s] of this.subscriptions) {
      if (s.terminationAt <= now) {
        s.waiter?.();
        this.subscriptions.delete(id);
      }
    }
  }

  /** CreatePullPointSubscription: a new pull point at `<base>/onvif/subscription/<id>`. */
  create(initialTermination: string | undefined, base: string): string {
    this.expire();
    if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) throw new EventFault('Receiver', 'ter:Action', 'Too many subscriptions (tev:SubscriptionLimit)');
    const now = this.now();
    const s = new Subscription(randomBytes(6).toString('hex'), now + terminationMs(initialTermination, now));
    this.subscriptions.set(s.id, s);
    return (
      `<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa5:Address>${base}/onvif/subscription/${s.id}</wsa5:Address></tev:SubscriptionReference>` +
      `<wsnt:CurrentTime>${iso(now)}</wsnt:CurrentTime><wsnt:TerminationTime>${iso(s.terminationAt)}</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>`
    );
  }

  private subscription(id: string): Subscription {
    this.expire();
    const s = this.subscriptions.get(id);
    if (!s) throw new EventFault('Sender', 'wsrf-rw:ResourceUnknownFault', 'No such subscription, or it expired');
    return s;
  }

  /** PullMessages: what is queued, or the first message within the timeout, or nothing. */
  async pull(id: string, timeout: string | undefined, limit: number): Promise<string> {
    let s = this.subscription(id);
    if (s.queue.length === 0) {
      const waitMs = Math.min(MAX_PULL_MS, Math.max(0, parseDuration(timeout) ?? 10_000));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        s.waiter = done;
      });
      s.waiter = null;
      s = this.subscription(id); // it may have expired or been dropped while waiting
    }
    const messages = s.queue.splice(0, Math.max(1, Math.min(limit, MAX_QUEUE)));
    return (
      `<tev:PullMessagesResponse><tev:CurrentTime>${iso(this.now())}</tev:CurrentTime><tev:TerminationTime>${iso(s.terminationAt)}</tev:TerminationTime>` +
      `${messages.map((m) => m.xml).join('')}</tev:PullMessagesResponse>`
    );
  }

  renew(id: string, termination: string | undefined): string {
    const s = this.subscription(id);
    const now = this.now();
    s.terminationAt = now + terminationMs(termination, now);
    return `<wsnt:RenewResponse><wsnt:TerminationTime>${iso(s.terminationAt)}</wsnt:TerminationTime><wsnt:CurrentTime>${iso(now)}</wsnt:CurrentTime></wsnt:RenewResponse>`;
  }

  unsubscribe(id: string): string {
    const s = this.subscription(id);
    s.waiter?.();
    this.subscriptions.delete(id);
    return '<wsnt:UnsubscribeResponse/>';
  }
}

export class EventFault extends Error {
  constructor(
    readonly code: 'Sender' | 'Receiver',
    readonly subcode: string,
    reason: string,
  ) {
    super(reason);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A relative (PT60S) or absolute (ISO time) termination, capped at an hour. */
function terminationMs(value: string | undefined, now: number): number {
  if (!value) return DEFAULT_TERMINATION_MS;
  const relative = parseDuration(value);
  const ms = relative ?? Date.parse(value) - now;
  if (!Number.isFinite(ms) || ms <= 0) throw new EventFault('Sender', 'wsntw:UnacceptableTerminationTimeFault', `Unacceptable termination time ${value}`);
  return Math.min(ms, 3_600_000);
}
