// Recording (录像): plans per camera, one recorder per recorded camera on the relay's single
// pull, retention by days and by a disk quota (oldest first), a full disk that stops the
// lowest-priority cameras and raises an alarm, the timeline of each camera, and clips cut at
// keyframes without transcoding as evidence (SHA-256, attached to a case, exported with a
// manifest into the audit trail).
import { createHash } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readSync, readFileSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type {
  ClipManifest,
  RecordingMode,
  RecordingOverview,
  RecordingPlan,
  RecordingState,
  RecordingStatus,
  ScheduleSpan,
  StreamKind,
  Timeline,
  VideoClip,
} from '../../contract/index.js';
import type { AlarmService } from '../../alarms/index.js';
import type { AuditStore } from '../../admin/audit/index.js';
import type { Clock } from '../../runtime/clock.js';
import { AppError, badRequest, notFound } from '../../runtime/errors.js';
import type { Logger } from '../../runtime/log.js';
import type { EventHub } from '../../server/events.js';
import { BoxReader, fragmentTiming, isHevc, mdatHasKeyframe, rebaseFragment, trackTimescale, videoTrackInfo, type Relay, type RelayManager, type VideoStore } from '../index.js';
import { H264Copies } from './h264-copies.js';
import { Recorder } from './recorder.js';
import type { ClipRow, PlanRow, RecordingStore, SegmentRow } from './store.js';

export const RECORDING_TOPIC = 'video.recording';
/** County time is UTC+8 (China Standard Time) for schedules. */
const COUNTY_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** A clip is at most this long (复制视频资料 is asked for minutes, not hours). */
export const MAX_CLIP_MS = 30 * 60_000;
/** Gaps shorter than this between segments are drawn as one recorded range. */
const MERGE_GAP_MS = 2000;
const SWEEP_BATCH = 5000;

export interface RecordingOptions {
  dataDir: string;
  segmentMs: number;
  quotaBytes: number;
  /** Below this much free disk the lowest-priority recorders stop (and start again above twice it). */
  minFreeBytes: number;
  /** How often plans are applied (schedules) and the disk checked; 0: only when called (tests). */
  tickMs: number;
  /** How often retention and the quota run; 0: only when called. */
  sweepMs: number;
  /** Free bytes of the recordings disk (tests fill a pretend disk). */
  freeBytes?: () => number | null;
}

export interface RecordingDeps {
  store: RecordingStore;
  video: VideoStore;
  relays: RelayManager;
  clock: Clock;
  log: Logger;
  events: EventHub;
  audit: AuditStore;
  alarms: AlarmService | null;
}

export interface PlanInput {
  mode: RecordingMode;
  stream?: StreamKind;
  schedule?: ScheduleSpan[];
  preS?: number;
  postS?: number;
  retainDays?: number;
  priority?: number;
}

interface Running {
  recorder: Recorder;
  relay: Relay;
  stream: StreamKind;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a time falls in a weekly schedule (county time; day 1 = Monday … 7 = Sunday). */
export function inSchedule(schedule: readonly ScheduleSpan[], at: number): boolean {
  const local = new Date(at + COUNTY_OFFSET_MS);
  const day = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return schedule.some((s) => s.day === day && minute >= minutesOf(s.from) && minute < minutesOf(s.to));
}

const iso = (ms: number) => new Date(ms).toISOString();

function planView(row: PlanRow | undefined, cameraId: number): RecordingPlan {
  if (!row) return { cameraId, mode: 'off', stream: 'sub', schedule: [], preS: 10, postS: 30, retainDays: 30, priority: 5, updatedAt: null };
  return {
    cameraId,
    mode: row.mode,
    stream: row.stream,
    schedule: JSON.parse(row.schedule) as ScheduleSpan[],
    preS: row.preS,
    postS: row.postS,
    retainDays: row.retainDays,
    priority: row.priority,
    updatedAt: iso(row.updatedAt),
  };
}

export function clipView(row: ClipRow): VideoClip {
  return {
    id: row.id,
    cameraId: row.cameraId,
    askedFrom: iso(row.askedFrom),
    askedTo: iso(row.askedTo),
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    bytes: row.bytes,
    sha256: row.sha256,
    caseId: row.caseId,
    reason: row.reason,
    createdAt: iso(row.createdAt),
    url: `/api/video/clips/${row.id}/file`,
  };
}

export class RecordingService {
  private readonly running = new Map<number, Running>();
  private readonly statuses = new Map<number, RecordingStatus>();
  /** Cameras stopped to save the disk, with their priority. */
  private readonly diskStopped = new Set<number>();
  /** Events mode: segments opened before this time are kept (an event's post-roll). */
  private readonly holdUntil = new Map<number, number>();
  private tickTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** H.264 copies of H.265 recordings, for browsers that cannot decode H.265. */
  private readonly copies: H264Copies;

  constructor(
    private readonly deps: RecordingDeps,
    private readonly options: RecordingOptions,
  ) {
    this.copies = new H264Copies(options.dataDir);
  }

  async start(): Promise<void> {
    await this.reconcile();
    if (this.options.tickMs > 0) {
      this.tickTimer = setInterval(async () => await this.reconcile(), this.options.tickMs);
      this.tickTimer.unref();
    }
    if (this.options.sweepMs > 0) {
      this.sweepTimer = setInterval(async () => await this.sweep(), this.options.sweepMs);
      this.sweepTimer.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const id of [...this.running.keys()]) await this.stopRecorder(id);
  }

  // Plans

  async plan(cameraId: number): Promise<RecordingPlan> {
    await this.camera(cameraId);
    return planView(await this.deps.store.plan(cameraId), cameraId);
  }

  async savePlan(cameraId: number, input: PlanInput, userId: number | null): Promise<RecordingPlan> {
    await this.camera(cameraId);
    const before = planView(await this.deps.store.plan(cameraId), cameraId);
    const schedule = input.schedule ?? before.schedule;
    for (const [i, span] of schedule.entries()) {
      if (!Number.isInteger(span.day) || span.day < 1 || span.day > 7) throw badRequest(`Schedule line ${i + 1}: the day is 1 (Monday) to 7 (Sunday) (计划第 ${i + 1} 行：星期应为 1–7)`, 'schedule');
      if (!HHMM.test(span.from) || !HHMM.test(span.to) || minutesOf(span.from) >= minutesOf(span.to)) {
        throw badRequest(`Schedule line ${i + 1}: from and to are HH:MM with from before to (计划第 ${i + 1} 行：起止时间无效)`, 'schedule');
      }
    }
    if (input.mode === 'schedule' && schedule.length === 0) throw badRequest('A weekly schedule needs at least one span (按计划录像需至少一个时段)', 'schedule');
    await this.deps.store.savePlan({
      cameraId,
      mode: input.mode,
      stream: input.stream ?? before.stream,
      schedule: JSON.stringify(schedule),
      preS: input.preS ?? before.preS,
      postS: input.postS ?? before.postS,
      retainDays: input.retainDays ?? before.retainDays,
      priority: input.priority ?? before.priority,
      updatedBy: userId,
      updatedAt: this.deps.clock.now(),
    });
    this.diskStopped.delete(cameraId);
    await this.reconcile();
    return await this.plan(cameraId);
  }

  async status(cameraId: number): Promise<RecordingStatus> {
    return this.statuses.get(cameraId) ?? { cameraId, mode: (await this.deps.store.plan(cameraId))?.mode ?? 'off', state: 'off', message: null, since: null };
  }

  async overview(): Promise<RecordingOverview> {
    return {
      quotaBytes: this.options.quotaBytes,
      usedBytes: await this.deps.store.totalBytes(),
      freeBytes: this.freeBytes(),
      statuses: (await Promise.all((await this.deps.store.plans()).map(async (p) => await this.status(p.cameraId)))),
    };
  }

  /** Every camera's recording state, for the camera list and the wall. */
  async allStatuses(): Promise<Map<number, RecordingStatus>> {
    const out = new Map<number, RecordingStatus>();
    for (const p of await this.deps.store.plans()) out.set(p.cameraId, await this.status(p.cameraId));
    return out;
  }

  private async camera(cameraId: number) {
    const row = await this.deps.video.camera(cameraId);
    if (!row) throw notFound(`No camera ${cameraId} (摄像机不存在)`);
    return row;
  }

  // Running the recorders

  /** Applies every plan now: starts, stops or switches recorders (schedules, disk, stream changes). */
  async reconcile(): Promise<void> {
    if (this.closed) return;
    const now = this.deps.clock.now();
    const plans = await this.deps.store.plans();
    const planned = new Set(plans.map((p) => p.cameraId));
    for (const id of [...this.running.keys()]) if (!planned.has(id)) await this.stopRecorder(id, 'off', null);
    for (const p of plans) {
      const schedule = JSON.parse(p.schedule) as ScheduleSpan[];
      const current = this.running.get(p.cameraId);
      if (p.mode === 'off') {
        if (current) await this.stopRecorder(p.cameraId);
        this.setStatus(p.cameraId, p.mode, 'off', null);
        continue;
      }
      if (this.diskStopped.has(p.cameraId)) continue;
      const wanted = p.mode !== 'schedule' || inSchedule(schedule, now);
      if (current && (!wanted || current.stream !== p.stream)) await this.stopRecorder(p.cameraId);
      if (!wanted) {
        this.setStatus(p.cameraId, p.mode, 'waiting', null);
        continue;
      }
      if (!this.running.has(p.cameraId)) await this.startRecorder(p);
      else this.setStatus(p.cameraId, p.mode, p.mode === 'events' ? 'standby' : 'recording', null);
    }
  }

  private async startRecorder(p: PlanRow): Promise<void> {
    const recorder = new Recorder({
      cameraId: p.cameraId,
      stream: p.stream,
      dataDir: this.options.dataDir,
      store: this.deps.store,
      log: this.deps.log,
      now: () => this.deps.clock.now(),
      segmentMs: this.options.segmentMs,
      keptAt: (at) => p.mode !== 'events' || at <= (this.holdUntil.get(p.cameraId) ?? 0),
      onSegmentClosed: async (_id, startedAt) => {
        if (p.mode === 'events' && startedAt <= (this.holdUntil.get(p.cameraId) ?? 0)) await this.deps.store.keep(p.cameraId, startedAt, startedAt + 1);
      },
      onWriteError: async (error) => {
        await this.stopRecorder(p.cameraId);
        if (error.code === 'ENOSPC') {
          this.diskStopped.add(p.cameraId);
          await this.diskFull([p.cameraId]);
        } else {
          this.setStatus(p.cameraId, p.mode, 'error', `Recording could not be written: ${error.message} (录像写入失败)`);
        }
      },
    });
    try {
      const relay = await this.deps.relays.tap(p.cameraId, p.stream, recorder);
      relay.once('stopped', async () => {
        // The relay was stopped (camera changed or removed): start again at the next tick.
        if (this.running.get(p.cameraId)?.relay === relay) {
          await recorder.close();
          this.running.delete(p.cameraId);
        }
      });
      this.running.set(p.cameraId, { recorder, relay, stream: p.stream });
      this.setStatus(p.cameraId, p.mode, p.mode === 'events' ? 'standby' : 'recording', null);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.setStatus(p.cameraId, p.mode, 'error', message);
    }
  }

  private async stopRecorder(cameraId: number, state?: RecordingState, message?: string | null): Promise<void> {
    const r = this.running.get(cameraId);
    if (!r) return;
    this.running.delete(cameraId);
    await r.recorder.close();
    this.deps.relays.untap(r.relay, r.recorder);
    if (state) this.setStatus(cameraId, (await this.deps.store.plan(cameraId))?.mode ?? 'off', state, message ?? null);
  }

  private setStatus(cameraId: number, mode: RecordingMode, state: RecordingState, message: string | null): void {
    const old = this.statuses.get(cameraId);
    if (old && old.state === state && old.message === message && old.mode === mode) return;
    const status: RecordingStatus = { cameraId, mode, state, message, since: iso(this.deps.clock.now()) };
    this.statuses.set(cameraId, status);
    this.deps.events.publish(RECORDING_TOPIC, status);
  }

  /** Bytes a running recorder wrote (the bench). */
  writtenBytes(cameraId: number): number {
    return this.running.get(cameraId)?.recorder.written ?? 0;
  }

  // Events

  /** An event on a camera: kept on its timeline; in events mode the recording around it is kept. */
  async trigger(cameraId: number, topic: string, at = this.deps.clock.now(), source = 'manual'): Promise<{ id: number; at: string }> {
    await this.camera(cameraId);
    const id = await this.deps.store.addEvent({ cameraId, at, topic, source });
    const plan = await this.deps.store.plan(cameraId);
    if (plan?.mode === 'events') {
      this.holdUntil.set(cameraId, Math.max(this.holdUntil.get(cameraId) ?? 0, at + plan.postS * 1000));
      await this.deps.store.keep(cameraId, at - plan.preS * 1000, at + plan.postS * 1000);
      this.setStatus(cameraId, plan.mode, 'recording', null);
    }
    return { id, at: iso(at) };
  }

  // Retention, quota, disk

  /** Reads free space from this instead of the disk (tests fill a pretend disk); undefined: the disk again. */
  useFreeBytes(probe: (() => number | null) | undefined): void {
    this.options.freeBytes = probe;
  }

  private freeBytes(): number | null {
    if (this.options.freeBytes) return this.options.freeBytes();
    try {
      mkdirSync(path.join(this.options.dataDir, 'recordings'), { recursive: true });
      const s = statfsSync(path.join(this.options.dataDir, 'recordings'));
      return s.bavail * s.bsize;
    } catch {
      return null;
    }
  }

  private async removeSegments(rows: SegmentRow[]): Promise<number> {
    let bytes = 0;
    const gone: number[] = [];
    for (const r of rows) {
      try {
        unlinkSync(path.join(this.options.dataDir, r.file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.deps.log.warn({ err: error, file: r.file }, 'a recording segment could not be removed');
          continue;
        }
      }
      gone.push(r.id);
      bytes += r.bytes;
      this.copies.drop(`seg-${r.id}`);
    }
    await this.deps.store.deleteSegments(gone);
    return bytes;
  }

  /**
   * Retention by days (per camera), unkept pre-roll (events mode), the quota (oldest first),
   * and the disk: below the free-space floor the lowest-priority recorders stop and an alarm is raised.
   */
  async sweep(): Promise<{ expired: number; unkept: number; overQuota: number; stopped: number[]; resumed: number[] }> {
    const now = this.deps.clock.now();
    const result = { expired: 0, unkept: 0, overQuota: 0, stopped: [] as number[], resumed: [] as number[] };
    const plans = new Map((await this.deps.store.plans()).map((p) => [p.cameraId, p]));
    // The open segments are the newest: the quota never reaches them first, but never take them.
    const openIds = new Set([...this.running.values()].map((r) => r.recorder.segmentId));
    for (const id of await this.deps.store.camerasWithSegments()) {
      const days = plans.get(id)?.retainDays ?? 30;
      for (let batch = await this.deps.store.expired(id, now - days * DAY_MS, SWEEP_BATCH); batch.length > 0; batch = await this.deps.store.expired(id, now - days * DAY_MS, SWEEP_BATCH)) {
        result.expired += batch.length;
        await this.removeSegments(batch);
        if (batch.length < SWEEP_BATCH) break;
      }
    }
    const preRoll = Math.max(60_000, ...[...plans.values()].map((p) => p.preS * 1000 + this.options.segmentMs * 2));
    for (let batch = await this.deps.store.unkept(now - preRoll, SWEEP_BATCH); batch.length > 0; batch = await this.deps.store.unkept(now - preRoll, SWEEP_BATCH)) {
      result.unkept += batch.length;
      await this.removeSegments(batch);
      if (batch.length < SWEEP_BATCH) break;
    }
    let used = await this.deps.store.totalBytes();
    if (used > this.options.quotaBytes) {
      const target = this.options.quotaBytes * 0.9;
      while (used > target) {
        const batch = (await this.deps.store.oldest(200)).filter((s) => !openIds.has(s.id));
        if (batch.length === 0) break;
        const take: SegmentRow[] = [];
        for (const s of batch) {
          if (used <= target) break;
          take.push(s);
          used -= s.bytes;
        }
        result.overQuota += take.length;
        await this.removeSegments(take);
      }
      this.deps.log.info({ removed: result.overQuota, quota: this.options.quotaBytes }, 'recording quota: the oldest segments removed');
    }
    const free = this.freeBytes();
    if (free !== null && free < this.options.minFreeBytes) {
      const victim = [...this.running.keys()]
        .map((id) => ({ id, priority: plans.get(id)?.priority ?? 5 }))
        .sort((a, b) => a.priority - b.priority || b.id - a.id)[0];
      if (victim) {
        await this.stopRecorder(victim.id);
        this.diskStopped.add(victim.id);
        result.stopped.push(victim.id);
        await this.diskFull([victim.id]);
      }
    } else if (free !== null && free >= this.options.minFreeBytes * 2 && this.diskStopped.size > 0) {
      const back = [...this.diskStopped].sort((a, b) => (plans.get(b)?.priority ?? 5) - (plans.get(a)?.priority ?? 5))[0]!;
      this.diskStopped.delete(back);
      result.resumed.push(back);
      await this.reconcile();
    }
    return result;
  }

  private async diskFull(cameraIds: number[]): Promise<void> {
    for (const id of cameraIds) {
      const camera = await this.deps.video.camera(id);
      const mode = (await this.deps.store.plan(id))?.mode ?? 'off';
      this.setStatus(id, mode, 'disk_full', 'The recordings disk is nearly full: this lower-priority camera stopped recording (录像磁盘将满，已停止低优先级摄像机录像)');
      try {
        await this.deps.alarms?.raise({
          kind: 'recording_disk_full',
          severity: 'major',
          title: `录像磁盘将满：${camera?.name ?? id} 已停止录像`,
          titleEn: `Recordings disk nearly full: ${camera?.name ?? id} stopped recording`,
          key: `recording:disk:${id}`,
          device: { kind: 'camera', id, code: camera?.code ?? null },
          lon: camera?.lon ?? null,
          lat: camera?.lat ?? null,
        });
      } catch (error) {
        this.deps.log.error({ err: error }, 'the disk-full alarm could not be raised');
      }
    }
  }

  // Timeline

  async timeline(cameraId: number, from: number, to: number): Promise<Timeline> {
    const camera = await this.camera(cameraId);
    if (!(to > from)) throw badRequest('The end of the window must come after its start (时间范围无效)', 'to');
    if (to - from > 31 * DAY_MS) throw badRequest('A timeline covers at most 31 days (时间轴最长 31 天)', 'to');
    const segments = (await this.deps.store.segments(cameraId, from, to)).filter((s) => s.endedAt > s.startedAt);
    const ranges: { start: number; end: number }[] = [];
    for (const s of segments) {
      const last = ranges[ranges.length - 1];
      if (last && s.startedAt - last.end <= MERGE_GAP_MS) last.end = Math.max(last.end, s.endedAt);
      else ranges.push({ start: s.startedAt, end: s.endedAt });
    }
    return {
      cameraId,
      from: iso(from),
      to: iso(to),
      ranges: ranges.map((r) => ({ start: iso(r.start), end: iso(r.end) })),
      segments: segments.map((s) => ({ id: s.id, start: iso(s.startedAt), end: iso(s.endedAt), bytes: s.bytes, codec: s.codec, width: s.width, height: s.height })),
      events: (await this.deps.store.events(cameraId, from, to)).map((e) => ({ id: e.id, at: iso(e.at), topic: e.topic, source: e.source })),
      cases: camera.gridCode ? (await this.deps.store.casesNear(camera.gridCode, from, to)).map((c) => ({ ...c, reportedAt: iso(c.reportedAt) })) : [],
    };
  }

  /**
   * A clip as a browser without an H.265 decoder can play it (the case view): an H.264 clip as it
   * is, an H.265 one as an H.264 copy made now (and cached). The evidence itself stays as cut.
   */
  async playableClip(id: number): Promise<{ path: string; transcoded: string | null }> {
    const file = await this.clipFile(id);
    if (!existsSync(file)) throw notFound(`The file of clip ${id} is missing (片段文件缺失)`);
    const fd = openSync(file, 'r');
    const head = Buffer.alloc(64 * 1024);
    const read = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const codec = videoTrackInfo(head.subarray(0, read))?.codec ?? null;
    if (!isHevc(codec)) return { path: file, transcoded: null };
    return { path: await this.copies.copy(file, `clip-${id}`), transcoded: codec };
  }

  /** Until when a camera has been recorded (the end of its newest segment, as written so far); 0 when never. */
  async recordedUntil(cameraId: number): Promise<number> {
    return this.deps.store.recordedUntil(cameraId);
  }

  /** The file of one segment, for the player. */
  async segmentFile(id: number): Promise<{ path: string; bytes: number; codec: string | null }> {
    const row = await this.deps.store.segment(id);
    if (!row) throw notFound(`No recording segment ${id} (录像片段不存在)`);
    return { path: path.join(this.options.dataDir, row.file), bytes: row.bytes, codec: row.codec };
  }

  /**
   * A segment as a browser without an H.265 decoder can play it: an H.264 segment as it is, an
   * H.265 one as an H.264 copy made now (and cached). `transcoded` says which.
   */
  async playableSegment(id: number): Promise<{ path: string; transcoded: string | null }> {
    const file = await this.segmentFile(id);
    if (!existsSync(file.path)) throw notFound('The segment was removed by retention (录像已过保留期)');
    if (!isHevc(file.codec)) return { path: file.path, transcoded: null };
    return { path: await this.copies.copy(file.path, `seg-${id}`), transcoded: file.codec };
  }

  // Clips

  /**
   * Cuts [from, to) of a camera's recordings into one MP4 without transcoding: from the keyframe
   * at or before `from` to the end of the last frame before `to`. Its true span, size and SHA-256
   * are kept; it may be put on a case.
   */
  async cutClip(cameraId: number, input: { from: number; to: number; caseId?: number | null; reason?: string | null }, userId: number | null): Promise<VideoClip> {
    await this.camera(cameraId);
    const { from, to } = input;
    if (!(to > from)) throw badRequest('The out point must come after the in point (出点须晚于入点)', 'to');
    if (to - from > MAX_CLIP_MS) throw badRequest(`A clip is at most ${MAX_CLIP_MS / 60_000} minutes long (片段最长 ${MAX_CLIP_MS / 60_000} 分钟)`, 'to');
    const segments = (await this.deps.store.segments(cameraId, from, to)).filter((s) => s.endedAt > s.startedAt);
    if (segments.length === 0) throw new AppError('not_found', 'Nothing was recorded between the in and out points (该时间段没有录像)', 'from');
    let init: Buffer | null = null;
    let timescale = 90_000;
    let nalLength = 4;
    let hevc = false;
    const parts: Buffer[] = [];
    let startedAt = 0;
    let endedAt = 0;
    /** Before the in point: the fragments since the last keyframe (where the clip will start). */
    let gop: { at: number; fragments: { fragment: Buffer; start: number; at: number; end: number }[] } | null = null;
    let started = false;
    const emit = (f: { fragment: Buffer; start: number; at: number; end: number }) => {
      const ticks = Math.round(((f.at - startedAt) * timescale) / 1000);
      const timing = fragmentTiming(f.fragment)!;
      parts.push(rebaseFragment(f.fragment, timing, f.start - ticks));
      endedAt = f.end;
    };
    scan: for (const s of segments) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path.join(this.options.dataDir, s.file));
      } catch {
        continue; // removed by retention meanwhile
      }
      const boxes = new BoxReader().push(bytes);
      const moov = boxes.findIndex((b) => b.type === 'moov');
      if (moov < 0) continue;
      const segInit = Buffer.concat(boxes.slice(0, moov + 1).map((b) => b.data));
      if (!init) {
        init = segInit;
        timescale = trackTimescale(init);
        const info = videoTrackInfo(init);
        nalLength = info?.nalLengthSize ?? 4;
        hevc = info?.hevc ?? false;
      } else if (!segInit.equals(init)) {
        break; // the stream changed (size, codec): the clip ends where it did
      }
      for (let i = moov + 1; i + 1 < boxes.length; i++) {
        if (boxes[i]!.type !== 'moof' || boxes[i + 1]!.type !== 'mdat') continue;
        const fragment = Buffer.concat([boxes[i]!.data, boxes[i + 1]!.data]);
        const timing = fragmentTiming(fragment);
        if (!timing) continue;
        const at = s.startedAt + Math.round((timing.start * 1000) / timescale);
        const end = at + Math.round(((timing.duration || timescale / 25) * 1000) / timescale);
        if (at >= to) break scan;
        const f = { fragment, start: timing.start, at, end };
        if (started) {
          emit(f);
          continue;
        }
        if (mdatHasKeyframe(boxes[i + 1]!.data, nalLength, hevc)) gop = { at, fragments: [] };
        if (!gop) continue;
        gop.fragments.push(f);
        if (end > from) {
          started = true;
          startedAt = gop.at;
          for (const g of gop.fragments) emit(g);
          gop = null;
        }
      }
    }
    if (!init || parts.length === 0) throw new AppError('not_found', 'Nothing was recorded between the in and out points (该时间段没有录像)', 'from');
    const bytes = Buffer.concat([init, ...parts]);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = path.join('clips', String(cameraId), `${startedAt}-${sha256.slice(0, 12)}.mp4`);
    mkdirSync(path.dirname(path.join(this.options.dataDir, file)), { recursive: true });
    writeFileSync(path.join(this.options.dataDir, file), bytes);
    const row = await this.deps.store.addClip({
      cameraId,
      askedFrom: from,
      askedTo: to,
      startedAt,
      endedAt,
      file,
      bytes: bytes.length,
      sha256,
      caseId: input.caseId ?? null,
      reason: input.reason ?? null,
      createdBy: userId,
      createdAt: this.deps.clock.now(),
    });
    return clipView(row);
  }

  async clip(id: number): Promise<ClipRow> {
    const row = await this.deps.store.clip(id);
    if (!row) throw notFound(`No clip ${id} (视频片段不存在)`);
    return row;
  }

  async clipFile(id: number): Promise<string> {
    return path.join(this.options.dataDir, (await this.clip(id)).file);
  }

  async clipsOfCase(caseId: number): Promise<VideoClip[]> {
    return (await this.deps.store.clipsOfCase(caseId)).map(clipView);
  }

  async setClipCase(id: number, caseId: number): Promise<VideoClip> {
    await this.clip(id);
    await this.deps.store.setClipCase(id, caseId);
    return clipView(await this.clip(id));
  }

  /**
   * An export package for the police or a court (复制视频资料): a zip with the clip and a manifest
   * (camera, place, start and end, hash, who and why), written to <data>/exports/clips/; the
   * export is a row of the audit trail.
   */
  async exportClip(id: number, reason: string, actor: { id: number; username: string }, address: string | null = null): Promise<{ manifest: ClipManifest; file: string; url: string }> {
    const clip = await this.clip(id);
    const bytes = readFileSync(path.join(this.options.dataDir, clip.file));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== clip.sha256) throw new AppError('conflict', `Clip ${id} no longer matches its hash: it was changed on disk (片段文件与哈希不符)`);
    const camera = await this.deps.video.camera(clip.cameraId);
    const now = this.deps.clock.now();
    const name = `clip-${id}-${iso(now).replace(/[:.]/g, '-')}.zip`;
    const manifest: ClipManifest = {
      clipId: id,
      camera: { id: clip.cameraId, code: camera?.code ?? String(clip.cameraId), name: camera?.name ?? '' },
      place: { lon: camera?.lon ?? 0, lat: camera?.lat ?? 0, gridCode: camera?.gridCode ?? null },
      startedAt: iso(clip.startedAt),
      endedAt: iso(clip.endedAt),
      sha256,
      bytes: clip.bytes,
      exportedBy: actor,
      exportedAt: iso(now),
      reason,
      caseId: clip.caseId,
      file: `${camera?.code ?? clip.cameraId}-${clip.startedAt}.mp4`,
    };
    const dir = path.join(this.options.dataDir, 'exports', 'clips');
    mkdirSync(dir, { recursive: true });
    const zip = new yazl.ZipFile();
    zip.addBuffer(bytes, manifest.file, { compress: false });
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), 'manifest.json', { compress: false });
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(path.join(dir, name)));
    await this.deps.audit.record(actor, 'video_clip', String(id), 'export', undefined, manifest, now, address);
    return { manifest, file: name, url: `/api/video/exports/${name}` };
  }

  exportFile(name: string): string {
    if (!/^clip-\d+-[0-9TZ-]+\.zip$/.test(name)) throw notFound('No such export (导出文件不存在)');
    return path.join(this.options.dataDir, 'exports', 'clips', name);
  }
}
