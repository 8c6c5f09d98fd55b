// Camera events → alarms and cases (issue 15): each camera a rule watches is subscribed over
// ONVIF (a pull point, renewed, subscribed again after any failure with backoff); every event
// goes on the camera's timeline (and keeps the recording around it in events mode), reaches the
// wall (`video.camera.event`), and each enabled rule whose topic, cameras and working window
// match turns it into an alarm (告警中心) or a case through the one intake door (source video,
// 视频智能发现) with the still now and a clip from preS before to postS after once recorded.
// De-duplication: within dedupS of a rule's hit on a camera, more events only count on it.
import type { AlarmService } from '../../alarms/index.js';
import type { IntakeService } from '../../channels/intake/index.js';
import { CAMERA_EVENT_TOPICS, type CameraEventHit, type CameraEventRule, type CameraEventRuleInput, type CameraEventsOverview, type CameraSubscription } from '../../contract/index.js';
import type { Clock } from '../../runtime/clock.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import type { Logger } from '../../runtime/log.js';
import { zonedDateTime } from '../../runtime/zone.js';
import type { EventHub } from '../../server/events.js';
import { SYSTEM_ACTOR, type CaseStore, type Workflow } from '../../workflow/cases/index.js';
import type { VideoCameraRow, VideoService } from '../index.js';
import type { RecordingService } from '../recording/index.js';
import { PullPointClient, type CameraNotification } from './pullpoint.js';
import type { CameraEventStore, EventHitRow, EventRuleRow } from './store.js';

export const CAMERA_EVENT_TOPIC = 'video.camera.event';
/** A pull point lives this long unless renewed; renewed at half of it. */
const SUBSCRIPTION_TTL_S = 60;
const BACKOFF_MAX_MS = 60_000;

const TOPIC_WORDS: Record<string, { zh: string; en: string }> = {
  [CAMERA_EVENT_TOPICS.motion]: { zh: '移动侦测', en: 'motion' },
  [CAMERA_EVENT_TOPICS.tamper]: { zh: '画面遮挡/移位', en: 'tampering' },
  [CAMERA_EVENT_TOPICS.line_crossing]: { zh: '越线', en: 'line crossing' },
  [CAMERA_EVENT_TOPICS.illegal_parking]: { zh: '区域内违停', en: 'illegal parking' },
};
const topicWords = (topic: string) => TOPIC_WORDS[topic] ?? { zh: topic, en: topic };

/** An event that ends (IsMotion=false, State=false …) is not a new event. */
const isEnd = (n: CameraNotification) => Object.values(n.data).some((v) => v === 'false') && !Object.values(n.data).some((v) => v === 'true');

export interface CameraEventDeps {
  store: CameraEventStore;
  video: VideoService;
  recordings: RecordingService;
  intake: IntakeService;
  workflow: Workflow;
  cases: CaseStore;
  alarms: AlarmService | null;
  events: EventHub;
  clock: Clock;
  log: Logger;
  /** The county's zone (rules' windows and the words of a case). */
  timeZone: () => Promise<string>;
}

export interface CameraEventOptions {
  /** How long each PullMessages waits for events (seconds). */
  pullWaitS: number;
  /** How often the subscribed cameras are brought in line with the rules and the registry; 0: on rule changes only. */
  reconcileMs: number;
  /** How long a case waits for the recording to cover its clip's end before cutting what there is. */
  clipWaitMs: number;
}

function ruleView(r: EventRuleRow): CameraEventRule {
  return {
    id: r.id,
    name: r.name,
    topic: r.topic,
    cameraIds: JSON.parse(r.cameraIds) as number[],
    action: r.action,
    caseKind: r.caseKind,
    classCode: r.classCode,
    fromTime: r.fromTime,
    toTime: r.toTime,
    dedupS: r.dedupS,
    preS: r.preS,
    postS: r.postS,
    enabled: r.enabled,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

function hitView(h: EventHitRow): CameraEventHit {
  return { ...h, at: new Date(h.at).toISOString() };
}

/** Whether a county time of day (HH:MM) is inside [from, to); from > to spans midnight. */
export function insideWindow(hhmm: string, from: string, to: string): boolean {
  if (from === to) return true;
  return from < to ? hhmm >= from && hhmm < to : hhmm >= from || hhmm < to;
}

/** One camera's pull point, kept subscribed until stopped. */
class Subscriber {
  state: CameraSubscription['state'] = 'subscribing';
  message: string | null = null;
  received = 0;
  lastEventAt: number | null = null;
  private stopped = false;
  private client: PullPointClient | null = null;
  private wake: (() => void) | null = null;
  readonly done: Promise<void>;

  constructor(
    readonly cameraId: number,
    readonly key: string,
    private readonly target: { deviceUrl: string; username: string | null; password: string | null },
    private readonly pullWaitS: number,
    private readonly onNotification: (n: CameraNotification) => void,
    private readonly log: Logger,
  ) {
    this.done = this.run();
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const client = new PullPointClient(this.target);
      this.client = client;
      try {
        this.state = 'subscribing';
        await client.subscribe(SUBSCRIPTION_TTL_S);
        this.state = 'subscribed';
        this.message = null;
        attempt = 0;
        while (!this.stopped) {
          if (client.terminationAt - Date.now() < (SUBSCRIPTION_TTL_S * 1000) / 2) await client.renew(SUBSCRIPTION_TTL_S);
          const notifications = await client.pull(this.pullWaitS);
          for (const n of notifications) {
            if (this.stopped) break;
            this.received++;
            try {
              this.onNotification(n);
            } catch (error) {
              this.log.error({ err: error, camera: this.cameraId, topic: n.topic }, 'a camera event could not be handled');
            }
          }
        }
      } catch (error) {
        if (this.stopped) break;
        this.state = 'failed';
        this.message = error instanceof Error ? error.message : String(error);
        this.log.warn({ camera: this.cameraId, message: this.message }, 'camera event subscription failed; subscribing again');
        const delay = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** attempt++) * (0.75 + Math.random() * 0.25);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          timer.unref();
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
    await this.client?.unsubscribe();
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.client?.abort();
    this.wake?.();
    return this.done;
  }
}

export class CameraEventService {
  private readonly subscribers = new Map<number, Subscriber>();
  private timer: NodeJS.Timeout | null = null;
  /** Cases waiting for their clip (tests wait for them). */
  private readonly pendingClips = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly deps: CameraEventDeps,
    private readonly options: CameraEventOptions,
  ) {}

  async start(): Promise<void> {
    await this.reconcile();
    if (this.options.reconcileMs > 0) {
      this.timer = setInterval(() => void this.reconcile().catch((error: unknown) => this.deps.log.warn({ err: error }, 'camera event subscriptions not reconciled')), this.options.reconcileMs);
      this.timer.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.subscribers.values()].map((s) => s.stop()));
    this.subscribers.clear();
  }

  /** Every clip still being waited for, done. */
  async settled(): Promise<void> {
    while (this.pendingClips.size) await Promise.all([...this.pendingClips]);
  }

  // Rules

  async rules(): Promise<CameraEventRule[]> {
    return (await this.deps.store.rules()).map(ruleView);
  }

  async saveRule(input: CameraEventRuleInput, userId: number | null, id?: number): Promise<CameraEventRule> {
    if (id !== undefined && !await this.deps.store.rule(id)) throw notFound(`No camera event rule ${id} (事件规则不存在)`);
    const name = input.name.trim();
    if (!name) throw badRequest('Give the rule a name (请填写规则名称)', 'name');
    const topic = input.topic.trim().replace(/^\/+|\/+$/g, '');
    if (!/^[A-Za-z0-9_:/.-]+$/.test(topic)) throw badRequest(`"${input.topic}" is not an ONVIF topic, e.g. ${CAMERA_EVENT_TOPICS.motion} (事件主题无效)`, 'topic');
    for (const cameraId of input.cameraIds) if (!await this.deps.video.store.camera(cameraId)) throw badRequest(`No camera ${cameraId} (摄像机不存在)`, 'cameraIds');
    if (input.action === 'case' && (!input.caseKind || !input.classCode)) throw badRequest('A rule that opens cases needs the case kind and class (请选择案件类型和小类)', 'classCode');
    const row = await this.deps.store.saveRule({
      id,
      name,
      topic: topic.split('/').map((p) => p.replace(/^[A-Za-z0-9_-]+:/, '')).join('/'),
      cameraIds: JSON.stringify([...new Set(input.cameraIds)]),
      action: input.action,
      caseKind: input.action === 'case' ? input.caseKind! : null,
      classCode: input.action === 'case' ? input.classCode!.trim() : null,
      fromTime: input.fromTime ?? '00:00',
      toTime: input.toTime ?? '24:00',
      dedupS: input.dedupS ?? 600,
      preS: input.preS ?? 10,
      postS: input.postS ?? 20,
      enabled: input.enabled ?? true,
      updatedBy: userId,
      updatedAt: this.deps.clock.now(),
    });
    await this.reconcile();
    return ruleView((await this.deps.store.rule(row))!);
  }

  async deleteRule(id: number): Promise<void> {
    if (!await this.deps.store.deleteRule(id)) throw notFound(`No camera event rule ${id} (事件规则不存在)`);
    await this.reconcile();
  }

  async overview(limit = 50): Promise<CameraEventsOverview> {
    return {
      rules: await this.rules(),
      subscriptions: [...this.subscribers.values()]
        .map((s) => ({ cameraId: s.cameraId, state: s.state, message: s.message, received: s.received, lastEventAt: s.lastEventAt === null ? null : new Date(s.lastEventAt).toISOString() }))
        .sort((a, b) => a.cameraId - b.cameraId),
      hits: (await this.deps.store.hits(limit)).map(hitView),
    };
  }

  // Subscriptions

  /** Subscribes the cameras the enabled rules watch (every registered one when a rule names none), and no others. */
  async reconcile(): Promise<void> {
    if (this.closed) return;
    const rules = (await this.deps.store.rules()).filter((r) => r.enabled);
    const cameras = (await this.deps.video.store.allCameras()).filter((c) => c.onvifUrl);
    const everyCamera = rules.some((r) => r.cameraIds === '[]');
    const named = new Set(rules.flatMap((r) => JSON.parse(r.cameraIds) as number[]));
    const wanted = new Map(cameras.filter((c) => everyCamera || named.has(c.id)).map((c) => [c.id, c]));
    for (const [id, subscriber] of this.subscribers) {
      const camera = wanted.get(id);
      if (!camera || subscriber.key !== connectionKey(camera)) {
        this.subscribers.delete(id);
        void subscriber.stop();
      }
    }
    for (const camera of wanted.values()) {
      if (this.subscribers.has(camera.id)) continue;
      const subscriber = new Subscriber(
        camera.id,
        connectionKey(camera),
        { deviceUrl: camera.onvifUrl!, username: camera.username, password: camera.password },
        this.options.pullWaitS,
        (n) => this.enqueue(camera.id, n),
        this.deps.log,
      );
      this.subscribers.set(camera.id, subscriber);
    }
  }

  // Events

  /** Each camera's notifications are handled one after another (a burst folds into one hit). */
  private readonly handling = new Map<number, Promise<void>>();

  private enqueue(cameraId: number, n: CameraNotification): void {
    const next = (this.handling.get(cameraId) ?? Promise.resolve())
      .then(() => this.onNotification(cameraId, n))
      .catch((error: unknown) => this.deps.log.warn({ err: error, camera: cameraId }, 'camera event not handled'));
    this.handling.set(cameraId, next);
    void next.then(() => {
      if (this.handling.get(cameraId) === next) this.handling.delete(cameraId);
    });
  }

  /** One notification from a camera: its timeline, the wall, then the rules. */
  async onNotification(cameraId: number, n: CameraNotification): Promise<void> {
    if (isEnd(n)) return;
    const camera = await this.deps.video.store.camera(cameraId);
    if (!camera) return;
    const at = this.deps.clock.now();
    const subscriber = this.subscribers.get(cameraId);
    if (subscriber) subscriber.lastEventAt = at;
    await this.deps.recordings.trigger(cameraId, n.topic, at, 'onvif');
    const words = topicWords(n.topic);
    this.deps.events.publish(CAMERA_EVENT_TOPIC, { cameraId, code: camera.code, name: camera.name, topic: n.topic, label: words.zh, labelEn: words.en, at: new Date(at).toISOString(), lon: camera.lon, lat: camera.lat });
    const zone = await this.deps.timeZone();
    const hhmm = zonedDateTime(at, zone).slice(11, 16);
    for (const rule of await this.deps.store.rules()) {
      if (!rule.enabled || !(n.topic === rule.topic || n.topic.startsWith(`${rule.topic}/`))) continue;
      const scope = JSON.parse(rule.cameraIds) as number[];
      if (scope.length > 0 && !scope.includes(cameraId)) continue;
      if (!insideWindow(hhmm, rule.fromTime, rule.toTime)) continue;
      const last = await this.deps.store.lastHit(rule.id, cameraId, at - rule.dedupS * 1000);
      if (last) {
        await this.deps.store.repeat(last.id);
        continue;
      }
      const hitId = await this.deps.store.addHit({ ruleId: rule.id, cameraId, topic: n.topic, at });
      if (rule.action === 'alarm') await this.raiseAlarm(rule, camera, hitId, n.topic, at);
      else {
        const job = this.openCase(rule, camera, hitId, n.topic, at).catch(async (error: unknown) => {
          this.deps.log.error({ err: error, camera: cameraId, rule: rule.id }, 'a camera event case could not be opened');
          await this.deps.store.setHitOutcome(hitId, { note: error instanceof Error ? error.message : String(error) });
        });
        this.pendingClips.add(job);
        void job.finally(() => this.pendingClips.delete(job));
      }
    }
  }

  private async raiseAlarm(rule: EventRuleRow, camera: VideoCameraRow, hitId: number, topic: string, at: number): Promise<void> {
    if (!this.deps.alarms) return;
    const words = topicWords(topic);
    const alarm = await this.deps.alarms.raise({
      kind: 'camera_event',
      severity: 'minor',
      title: `${words.zh}：${camera.name}（${rule.name}）`,
      titleEn: `${words.en}: ${camera.name} (${rule.name})`,
      key: `camera:${camera.id}:${rule.id}`,
      at,
      device: { kind: 'camera', id: camera.id, code: camera.code },
      lon: camera.lon,
      lat: camera.lat,
      gridCode: camera.gridCode,
      data: { topic, ruleId: rule.id },
    });
    await this.deps.store.setHitOutcome(hitId, { alarmId: alarm.id });
  }

  /** The case now with the still, then its clip once the recording covers the event's after-time. */
  private async openCase(rule: EventRuleRow, camera: VideoCameraRow, hitId: number, topic: string, at: number): Promise<void> {
    const words = topicWords(topic);
    const notes: string[] = [];
    let photoIds: number[] = [];
    try {
      photoIds = [(await this.deps.video.captureEvidence(camera.id, null)).id];
    } catch (error) {
      notes.push(`no still: ${error instanceof Error ? error.message : String(error)}`);
    }
    const when = zonedDateTime(at, await this.deps.timeZone()).slice(0, 19);
    const change = await this.deps.intake.report(
      {
        source: 'video',
        kind: rule.caseKind!,
        classCode: rule.classCode!,
        description: `${rule.name}：${camera.name}（${camera.code}）${when} ${words.zh}（视频智能发现，ONVIF 事件 ${topic}）`,
        lon: camera.lon,
        lat: camera.lat,
        photoIds,
      },
      SYSTEM_ACTOR,
    );
    const caseId = change.case.id;
    await this.deps.store.setHitOutcome(hitId, { caseId, note: notes.length ? notes.join('; ') : null });
    // The clip: from preS before to postS after, cut when the recording has reached its end.
    const from = at - rule.preS * 1000;
    const to = at + rule.postS * 1000;
    const deadline = Date.now() + this.options.clipWaitMs + rule.postS * 1000;
    while (!this.closed && Date.now() < deadline && await this.deps.recordings.recordedUntil(camera.id) < to) await new Promise((r) => setTimeout(r, 500));
    if (this.closed) return;
    let clip;
    try {
      clip = await this.deps.recordings.cutClip(camera.id, { from, to, caseId, reason: `${rule.name}（视频智能发现）` }, null);
    } catch (error) {
      notes.push(`no clip: ${error instanceof Error ? error.message : String(error)}`);
      await this.deps.store.setHitOutcome(hitId, { note: notes.join('; ') });
      return;
    }
    const current = await this.deps.cases.get(caseId);
    if (current) {
      const zone = await this.deps.timeZone();
      const span = `${zonedDateTime(Date.parse(clip.startedAt), zone)} – ${zonedDateTime(Date.parse(clip.endedAt), zone).slice(11)}`;
      const comment = `视频智能发现的取证片段：片段 #${clip.id}，${span}，SHA-256 ${clip.sha256}`;
      try {
        await this.deps.workflow.act(caseId, 'note', { version: current.version, comment }, SYSTEM_ACTOR);
      } catch (error) {
        // The case moved on meanwhile (closed, or acted on at that instant): the clip stays linked to it.
        this.deps.log.warn({ err: error, caseId }, 'the clip note could not be added');
      }
    }
    await this.deps.store.setHitOutcome(hitId, { clipId: clip.id });
  }
}

/** What a subscription was made with: a change means subscribing again. */
const connectionKey = (c: VideoCameraRow) => `${c.onvifUrl}\n${c.username ?? ''}\n${c.password ?? ''}`;
