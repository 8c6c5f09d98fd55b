// 物联网 ingest: readings from water-level gauges and smart manhole covers, over HTTP or MQTT.
// Each reading is judged at once in memory against its type's thresholds (or the sensor's own):
// `confirmReadings` in a row at or above `alarmAbove` opens ONE incident, raises the alarm and
// files ONE case (source 物联网); the incident lasts while readings stay above `clearBelow`, and
// ends after `confirmReadings` in a row at or below it, when the sensor returns to normal. The
// gap between the two levels keeps a gauge hovering at the threshold from flapping. If the
// sensor's previous case is still open when it alarms again, the new incident joins that case.
// Readings are written in batches (every 250 ms or 5,000 rows): the alarm, the incident and the
// case are written at once, so a crash can lose a fraction of a second of telemetry, never an alarm.
import type { CaseStore } from '../../workflow/cases/index.js';
import { TERMINAL_STATES } from '../../workflow/cases/index.js';
import { SYSTEM_ACTOR } from '../../workflow/cases/index.js';
import type { Clock } from '../../runtime/clock.js';
import type { Db } from '../../db/database.js';
import type { SensorKind, SensorRow, SensorStatus, SensorStore } from '../../base/devices/index.js';
import type { DictionaryStore } from '../../base/dictionary/index.js';
import type { ComponentStore } from '../../base/components/index.js';
import type { IntakeService } from '../intake/index.js';
import type { Logger } from '../../runtime/log.js';
import type { EventHub } from '../../server/events.js';
import type { SensorTypeSettings } from '../../workflow/settings/index.js';
import type { SettingsStore } from '../../workflow/settings/index.js';
import type { IncidentRow, IotStore } from './store.js';
import type { AlarmService } from '../../alarms/index.js';

export interface Reading {
  code: string;
  value: number;
  /** Epoch ms; the server's time when absent. */
  at?: number;
}

export interface IngestResult {
  accepted: number;
  rejected: { index: number; code: string; error: string }[];
  alarms: number;
}

interface SensorState {
  sensor: SensorRow;
  status: SensorStatus;
  lastAt: number | null;
  lastValue: number | null;
  above: number;
  below: number;
  incident: IncidentRow | null;
  /** The sensor's own thresholds, when set; else its type's. */
  alarmAbove: number | null;
  clearBelow: number | null;
}

export interface SensorView {
  id: number;
  code: string;
  name: string;
  kind: SensorKind;
  lon: number;
  lat: number;
  gridCode: string | null;
  status: SensorStatus;
  value: number | null;
  unit: string;
  seenAt: string | null;
  alarmAbove: number;
  clearBelow: number;
  incident: { id: number; startedAt: string; peakValue: number; caseId: number | null } | null;
}

export const SENSOR_TOPICS = { alarm: 'sensor.alarm', normal: 'sensor.normal', offline: 'sensor.offline', online: 'sensor.online' } as const;

const FLUSH_MS = 250;
/** Readings a flush writes at most in one transaction (the bench gives its baseline the same batch). */
export const FLUSH_ROWS = 5000;
const MAX_FUTURE_MS = 5 * 60_000;
const MAX_AGE_MS = 30 * 86_400_000;
const KIND_ZH: Record<SensorKind, string> = { water_level: '积水', manhole_cover: '井盖' };
const KIND_EN: Record<SensorKind, string> = { water_level: 'Water level', manhole_cover: 'Manhole cover' };

export class SensorService {
  private states: Map<number, SensorState> | undefined;
  private byCode = new Map<string, SensorState>();
  private pending: [number, number, number][] = [];
  private latest = new Map<number, { at: number; value: number }>();
  private touchedIncidents = new Set<IncidentRow>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** Readings accepted since start (for the console's health view and the bench). */
  ingested = 0;
  private offlineTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly store: IotStore,
    private readonly sensors: SensorStore,
    private readonly cases: CaseStore,
    private readonly components: ComponentStore,
    private readonly dictionary: DictionaryStore,
    private readonly intake: IntakeService,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    private readonly events: EventHub,
    private readonly log: Logger,
    private readonly alarms?: Pick<AlarmService, 'raise' | 'clear'>,
  ) {}

  /** Starts the batch writer and the offline watch; stop() flushes and ends both. */
  start(): void {
    this.offlineTimer ??= setInterval(() => this.safely(async () => await this.markOffline()), 60_000);
    this.offlineTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.offlineTimer) clearInterval(this.offlineTimer);
    this.offlineTimer = undefined;
    await this.flush();
  }

  private safely(fn: () => Promise<void>): void {
    fn().catch((error: unknown) => this.log.error({ err: error }, 'sensor ingest background work failed'));
  }

  /** Forget the registry cache (after sensors are added or changed). */
  async reload(): Promise<void> {
    await this.flush();
    this.states = undefined;
    this.byCode.clear();
  }

  private async load(): Promise<Map<number, SensorState>> {
    if (this.states) return this.states;
    const live = new Map((await this.store.live()).map((l) => [l.id, l]));
    const open = new Map((await this.store.openIncidents()).map((i) => [i.sensorId, i]));
    this.states = new Map();
    for (const sensor of await this.sensors.list({ limit: 100_000 })) {
      const l = live.get(sensor.id);
      const state: SensorState = {
        sensor,
        status: sensor.status,
        lastAt: l?.lastSeenAt ?? null,
        lastValue: l?.lastValue ?? null,
        above: 0,
        below: 0,
        incident: open.get(sensor.id) ?? null,
        alarmAbove: l?.alarmAbove ?? null,
        clearBelow: l?.clearBelow ?? null,
      };
      this.states.set(sensor.id, state);
      this.byCode.set(sensor.code, state);
    }
    return this.states;
  }

  async ingest(readings: readonly Reading[]): Promise<IngestResult> {
    await this.load();
    const now = this.clock.now();
    const result: IngestResult = { accepted: 0, rejected: [], alarms: 0 };
    const iot = await this.settings.get('iot');
    for (const [index, r] of readings.entries()) {
      const state = this.byCode.get(r.code);
      if (!state) {
        result.rejected.push({ index, code: r.code, error: 'unknown sensor code (未登记的传感器)' });
        continue;
      }
      if (!Number.isFinite(r.value)) {
        result.rejected.push({ index, code: r.code, error: 'value must be a number' });
        continue;
      }
      const at = r.at ?? now;
      if (!Number.isFinite(at) || at > now + MAX_FUTURE_MS || at < now - MAX_AGE_MS) {
        result.rejected.push({ index, code: r.code, error: 'time is more than 5 minutes ahead or 30 days behind the server' });
        continue;
      }
      this.pending.push([state.sensor.id, at, r.value]);
      result.accepted++;
      this.ingested++;
      const prev = this.latest.get(state.sensor.id);
      if (!prev || at >= prev.at) this.latest.set(state.sensor.id, { at, value: r.value });
      if (state.lastAt !== null && at < state.lastAt) continue; // a late reading: kept, not judged
      if (await this.judge(state, at, r.value, iot[state.sensor.kind])) result.alarms++;
    }
    if (this.pending.length >= FLUSH_ROWS) await this.flush();
    else if (this.pending.length > 0 && !this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        this.safely(async () => await this.flush());
      }, FLUSH_MS);
      this.flushTimer.unref();
    }
    return result;
  }

  /** Applies one reading to the sensor's state machine; true when it raised an alarm. */
  private async judge(state: SensorState, at: number, value: number, type: SensorTypeSettings): Promise<boolean> {
    state.lastAt = at;
    state.lastValue = value;
    if (state.status === 'offline') await this.setStatus(state, state.incident ? 'alarm' : 'normal', SENSOR_TOPICS.online);
    const alarmAbove = state.alarmAbove ?? type.alarmAbove;
    const clearBelow = state.clearBelow ?? type.clearBelow;
    const confirm = Math.max(1, type.confirmReadings);
    if (!state.incident) {
      state.below = 0;
      if (value < alarmAbove) {
        state.above = 0;
        return false;
      }
      state.above++;
      if (state.above < confirm) return false;
      state.above = 0;
      await this.openIncident(state, at, value, alarmAbove, type);
      return true;
    }
    const incident = state.incident;
    incident.readings++;
    if (value > incident.peakValue) incident.peakValue = value;
    this.touchedIncidents.add(incident);
    if (value > clearBelow) {
      state.below = 0;
      return false;
    }
    state.below++;
    if (state.below >= confirm) await this.closeIncident(state, at);
    return false;
  }

  private async setStatus(state: SensorState, status: SensorStatus, topic: string): Promise<void> {
    state.status = status;
    await this.store.setStatus(state.sensor.id, status);
    this.events.publish(topic, await this.view(state));
    const sensor = state.sensor;
    const offlineKey = `sensor:${sensor.id}:offline`;
    if (topic === SENSOR_TOPICS.offline) {
      this.alarm({
        kind: 'device_offline',
        severity: 'minor',
        title: `设备离线：${sensor.name}（${sensor.code}）`,
        titleEn: `Device offline: ${sensor.name} (${sensor.code})`,
        key: offlineKey,
        device: { kind: 'sensor', id: sensor.id, code: sensor.code },
        lon: sensor.lon,
        lat: sensor.lat,
        gridCode: sensor.gridCode,
        data: { sensorKind: sensor.kind, lastSeenAt: state.lastAt },
      });
    } else if (topic === SENSOR_TOPICS.online) this.clearAlarm(offlineKey);
  }

  private alarm(input: Parameters<AlarmService['raise']>[0]): void {
    if (!this.alarms) return;
    this.safely(async () => {
      await this.alarms!.raise(input);
    });
  }

  private clearAlarm(key: string, at = this.clock.now()): void {
    if (!this.alarms) return;
    this.safely(async () => {
      await this.alarms!.clear(key, at);
    });
  }

  private async openIncident(state: SensorState, at: number, value: number, threshold: number, type: SensorTypeSettings): Promise<void> {
    const sensor = state.sensor;
    const caseId = await this.db.transaction(async () => {
      const incident: Omit<IncidentRow, 'id'> = { sensorId: sensor.id, startedAt: at, endedAt: null, threshold, peakValue: value, readings: 1, caseId: null };
      incident.caseId = await this.caseFor(sensor, at, value, threshold, type);
      const id = await this.store.insertIncident(incident);
      state.incident = { id, ...incident };
      return incident.caseId;
    });
    await this.setStatus(state, 'alarm', SENSOR_TOPICS.alarm);
    this.log.info({ sensor: sensor.code, value, threshold, caseId }, 'sensor alarm');
    this.alarm({
      kind: 'sensor_alarm',
      severity: value >= type.urgentAbove ? 'critical' : 'major',
      title: `${KIND_ZH[sensor.kind]}告警：${sensor.name} ${value}${type.unit}（阈值 ${threshold}${type.unit}）`,
      titleEn: `${KIND_EN[sensor.kind]} alarm: ${sensor.name} ${value} ${type.unit} (threshold ${threshold} ${type.unit})`,
      key: `sensor:${sensor.id}:incident:${state.incident!.id}`,
      at,
      caseId,
      device: { kind: 'sensor', id: sensor.id, code: sensor.code },
      lon: sensor.lon,
      lat: sensor.lat,
      gridCode: sensor.gridCode,
      data: { sensorKind: sensor.kind, value, unit: type.unit, threshold, incidentId: state.incident!.id },
    });
  }

  /** The case of this incident: the sensor's still-open case, or a new one (source 物联网). */
  private async caseFor(sensor: SensorRow, at: number, value: number, threshold: number, type: SensorTypeSettings): Promise<number | null> {
    const previous = await this.store.lastIncidentOf(sensor.id);
    const open = previous?.caseId ? await this.cases.get(previous.caseId) : undefined;
    if (open && !TERMINAL_STATES.has(open.state)) return open.id;
    const component = sensor.componentId ? await this.components.get(sensor.componentId) : undefined;
    const standard = await this.dictionary.activeStandard();
    const onComponent = component !== undefined && standard !== undefined && component.standardId === standard.id;
    const time = new Date(at + (await this.settings.get('calendar')).utcOffsetMinutes * 60_000).toISOString().slice(11, 19);
    try {
      const change = await this.intake.report(
        {
          source: 'iot',
          kind: onComponent ? 'component' : type.caseKind,
          classCode: onComponent ? component.classCode : type.caseClassCode,
          componentId: onComponent ? component.id : null,
          description: `【物联网告警】${sensor.name}（${sensor.code}）${KIND_ZH[sensor.kind]}读数 ${value}${type.unit}，超过阈值 ${threshold}${type.unit}（${time}）`,
          lon: sensor.lon,
          lat: sensor.lat,
          urgent: value >= type.urgentAbove,
        },
        SYSTEM_ACTOR,
      );
      return change.case.id;
    } catch (error) {
      // The alarm stands even if the county cannot file the case (no dictionary, a sensor outside the county).
      this.log.error({ err: error, sensor: sensor.code }, 'sensor alarm: the case could not be filed');
      return null;
    }
  }

  private async closeIncident(state: SensorState, at: number): Promise<void> {
    const incident = state.incident!;
    this.clearAlarm(`sensor:${state.sensor.id}:incident:${incident.id}`, at);
    incident.endedAt = at;
    await this.store.updateIncident(incident.id, incident.peakValue, incident.readings, at);
    this.touchedIncidents.delete(incident);
    state.incident = null;
    state.below = 0;
    await this.setStatus(state, 'normal', SENSOR_TOPICS.normal);
  }

  /** Writes the pending readings, latest values and incident peaks in one transaction. */
  async flush(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.pending.length === 0 && this.touchedIncidents.size === 0) return;
    const rows = this.pending;
    const latest = this.latest;
    const incidents = [...this.touchedIncidents];
    this.pending = [];
    this.latest = new Map();
    this.touchedIncidents.clear();
    await this.db.transaction(async () => {
      await this.store.writeBatch(rows, latest);
      for (const i of incidents) await this.store.updateIncident(i.id, i.peakValue, i.readings, i.endedAt);
    });
  }

  async markOffline(): Promise<void> {
    const states = await this.load();
    const limit = (await this.settings.get('iot')).offlineAfterMinutes * 60_000;
    const now = this.clock.now();
    for (const state of states.values()) {
      if (state.status !== 'offline' && state.lastAt !== null && now - state.lastAt > limit) await this.setStatus(state, 'offline', SENSOR_TOPICS.offline);
    }
  }

  async view(state: SensorState): Promise<SensorView> {
    const type = (await this.settings.get('iot'))[state.sensor.kind];
    const s = state.sensor;
    return {
      id: s.id,
      code: s.code,
      name: s.name,
      kind: s.kind,
      lon: s.lon,
      lat: s.lat,
      gridCode: s.gridCode,
      status: state.status,
      value: state.lastValue,
      unit: type.unit,
      seenAt: state.lastAt === null ? null : new Date(state.lastAt).toISOString(),
      alarmAbove: state.alarmAbove ?? type.alarmAbove,
      clearBelow: state.clearBelow ?? type.clearBelow,
      incident: state.incident ? { id: state.incident.id, startedAt: new Date(state.incident.startedAt).toISOString(), peakValue: state.incident.peakValue, caseId: state.incident.caseId } : null,
    };
  }

  /** A sensor's registry row (with the cover component it sits on, if any). */
  async registered(id: number): Promise<SensorRow | undefined> {
    return this.sensors.get(id);
  }

  /** The sensors on one component (a manhole cover's level and gas sensors). */
  async onComponent(componentId: string): Promise<SensorRow[]> {
    return (await this.sensors.list({ limit: 10_000 })).filter((s) => s.componentId === componentId);
  }

  async list(): Promise<SensorView[]> {
    return await Promise.all([...(await this.load()).values()].map((s) => this.view(s)));
  }

  async get(id: number): Promise<SensorView | undefined> {
    const state = (await this.load()).get(id);
    return state && await this.view(state);
  }

  async readings(id: number, from: number, to: number): Promise<[number, number][]> {
    await this.flush();
    return await this.store.readings(id, from, to, 20_000);
  }

  async incidents(openOnly: boolean): Promise<IncidentRow[]> {
    await this.flush();
    return await this.store.listIncidents(openOnly, 500);
  }
}
