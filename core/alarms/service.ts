// 告警中心: one door for every alarm in the county. A producer calls raise(); the alarm is
// stored at once (nothing is lost while no console is open) and published on the event hub as
// `alarm.raised`; the consoles whose users' roles the county's rules (settings `alarms`) let
// see the kind show it. People mark alarms seen and handled (`alarm.updated`). See docs/ALARMS.md.
import type { AlarmItem, AlarmSeverity, AlarmState, KnownAlarmKind, RoleCode } from '../contract/index.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../runtime/clock.js';
import { badRequest, notFound } from '../runtime/errors.js';
import type { Logger } from '../runtime/log.js';
import type { EventHub } from '../server/events.js';
import type { CaseRow } from '../workflow/cases/index.js';
import type { ObservedChange, Workflow } from '../workflow/cases/index.js';
import type { SettingsStore } from '../workflow/settings/index.js';
import type { AlarmFilter, AlarmListRow, AlarmRow, AlarmStore } from './store.js';

export const ALARM_TOPICS = { raised: 'alarm.raised', updated: 'alarm.updated' } as const;

/** What a producer tells raise(). Only kind and title are required. */
export interface RaiseAlarm {
  /** `sensor_alarm`, `device_offline`, `case_overdue`, `case_urgent`, `camera_event`, or a producer's own (`truck_alarm`): lower_snake, ≤ 40. */
  kind: KnownAlarmKind | (string & {});
  /** Default `major`. */
  severity?: AlarmSeverity;
  /** Chinese, one line, says what and where: "积水告警：和平路口 0.32 m". */
  title: string;
  titleEn?: string | null;
  detail?: string | null;
  detailEn?: string | null;
  /**
   * Joins repeats: while an alarm with this key is not handled, raising it again bumps its
   * repeat count and time (`alarm.raised` with `repeats` > 1) instead of adding a row.
   * E.g. `sensor:12:incident:340`, `camera:7:motion`, `vehicle:粤B12345:overspeed`.
   */
  key?: string | null;
  /** The instant it happened (epoch ms); the clock's now by default. */
  at?: number;
  caseId?: number | null;
  /** The department whose users with only the `department` role should see it (its own cases). */
  departmentId?: number | null;
  device?: { kind: string; id?: number | null; code?: string | null } | null;
  lon?: number | null;
  lat?: number | null;
  gridCode?: string | null;
  /** Anything else the console or a notifier may use; JSON, small. */
  data?: Record<string, unknown> | null;
}

/** An alarm written inside the caller's transaction; publish() after the commit. */
export interface StagedAlarm {
  alarm: AlarmItem;
  publish: () => void;
}

export interface AlarmReader {
  roles: readonly RoleCode[];
  departmentId: number | null;
}

export type AlarmListener = (alarm: AlarmItem, repeat: boolean) => void;

const KIND = /^[a-z][a-z0-9_]{0,39}$/;
/** Case changes older than this (the demo history replayed through the workflow) raise nothing. */
const STALE_MS = 10 * 60_000;
/** Roles whose view is limited to their own department's alarms. */
const DEPARTMENT_ROLE: RoleCode = 'department';

export class AlarmService {
  private readonly listeners = new Set<AlarmListener>();

  constructor(
    private readonly db: Db,
    private readonly store: AlarmStore,
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    private readonly events: EventHub,
    private readonly log: Logger,
  ) {}

  /** Stores the alarm (or a repeat of an open one with the same key) and publishes it. Call it outside your own transaction (or use stage()). */
  async raise(input: RaiseAlarm): Promise<AlarmItem> {
    const staged = await this.db.transaction(async () => await this.stage(input));
    staged.publish();
    return staged.alarm;
  }

  /** Writes the alarm in the current transaction; the event goes out when the caller calls publish() after its commit. */
  async stage(input: RaiseAlarm): Promise<StagedAlarm> {
    if (!KIND.test(input.kind)) throw badRequest(`alarm kind must be lower_snake_case, 1–40 characters: ${input.kind}`, 'kind');
    const title = input.title.trim();
    if (!title) throw badRequest('an alarm needs a title', 'title');
    const at = input.at ?? this.clock.now();
    const data = input.data ? JSON.stringify(input.data) : null;
    const key = input.key ?? null;
    const open = key ? await this.store.openByKey(key) : undefined;
    let id: number;
    if (open) {
      id = open.id;
      await this.store.repeat(id, at, title, input.titleEn ?? null, input.detail ?? null, input.detailEn ?? null, data);
    } else {
      id = await this.store.insert({
        kind: input.kind,
        severity: input.severity ?? 'major',
        title,
        titleEn: input.titleEn ?? null,
        detail: input.detail ?? null,
        detailEn: input.detailEn ?? null,
        sourceKey: key,
        raisedAt: at,
        lastAt: at,
        caseId: input.caseId ?? null,
        departmentId: input.departmentId ?? null,
        deviceKind: input.device?.kind ?? null,
        deviceId: input.device?.id ?? null,
        deviceCode: input.device?.code ?? null,
        lon: input.lon ?? null,
        lat: input.lat ?? null,
        gridCode: input.gridCode ?? null,
        data,
      });
    }
    const alarm = itemOf((await this.store.get(id))!);
    return { alarm, publish: () => this.announce(ALARM_TOPICS.raised, alarm, open !== undefined) };
  }

  /** The condition behind the open alarm with this key has ended (a sensor back to normal, a device online): the alarm stays for people to handle, marked cleared. */
  async clear(key: string, at = this.clock.now()): Promise<AlarmItem | undefined> {
    const open = await this.store.openByKey(key);
    if (!open || open.clearedAt !== null) return undefined;
    await this.store.markCleared(open.id, at);
    const alarm = itemOf((await this.store.get(open.id))!);
    this.events.publish(ALARM_TOPICS.updated, alarm);
    return alarm;
  }

  /** Called after every alarm is stored and published (raised or repeated): notifiers hook here. */
  onRaised(listener: AlarmListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private announce(topic: string, alarm: AlarmItem, repeat: boolean): void {
    this.events.publish(topic, alarm);
    for (const listener of this.listeners) {
      try {
        listener(alarm, repeat);
      } catch (error) {
        this.log.error({ err: error, alarm: alarm.id }, 'an alarm listener failed');
      }
    }
  }

  async get(id: number, reader: AlarmReader): Promise<AlarmItem> {
    const row = await this.store.get(id);
    if (!row || !await this.reaches(row, reader)) throw notFound('No such alarm (告警不存在)');
    return itemOf(row);
  }

  async list(reader: AlarmReader, query: { states?: AlarmState[]; before?: number; limit?: number } = {}): Promise<{ items: AlarmItem[]; counts: Record<AlarmState, number>; more: boolean }> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
    const view = await this.viewOf(reader);
    const rows = await this.store.list({ ...view, states: query.states ?? [], before: query.before ?? null, limit: limit + 1 });
    return { items: rows.slice(0, limit).map(itemOf), counts: await this.store.countByState(view), more: rows.length > limit };
  }

  async seen(id: number, reader: AlarmReader & { id: number }): Promise<AlarmItem> {
    await this.get(id, reader);
    if (await this.store.markSeen(id, reader.id, this.clock.now())) return await this.updated(id);
    return itemOf((await this.store.get(id))!);
  }

  async handle(id: number, reader: AlarmReader & { id: number }, note: string | null): Promise<AlarmItem> {
    const current = await this.get(id, reader);
    if (current.state === 'handled') return current;
    await this.store.markHandled(id, reader.id, this.clock.now(), note?.trim() || null);
    return await this.updated(id);
  }

  private async updated(id: number): Promise<AlarmItem> {
    const alarm = itemOf((await this.store.get(id))!);
    this.events.publish(ALARM_TOPICS.updated, alarm);
    return alarm;
  }

  /** Whether the county's rules let this reader see this alarm (also used to filter the event stream). */
  async reaches(alarm: Pick<AlarmRow, 'kind' | 'departmentId'>, reader: AlarmReader): Promise<boolean> {
    const roles = await this.rolesFor(alarm.kind);
    if (reader.roles.some((r) => r !== DEPARTMENT_ROLE && roles.includes(r))) return true;
    return reader.roles.includes(DEPARTMENT_ROLE) && roles.includes(DEPARTMENT_ROLE) && alarm.departmentId !== null && alarm.departmentId === reader.departmentId;
  }

  private async rolesFor(kind: string): Promise<readonly RoleCode[]> {
    const rules = await this.settings.get('alarms');
    return rules.routes[kind] ?? rules.otherKinds;
  }

  private async viewOf(reader: AlarmReader): Promise<Pick<AlarmFilter, 'mode' | 'kinds' | 'departmentOnly'>> {
    const rules = await this.settings.get('alarms');
    const full = (roles: readonly RoleCode[]) => reader.roles.some((r) => r !== DEPARTMENT_ROLE && roles.includes(r));
    const listed = Object.keys(rules.routes);
    const seen = listed.filter((k) => full(rules.routes[k]!));
    const departmentKinds = reader.roles.includes(DEPARTMENT_ROLE) ? listed.filter((k) => rules.routes[k]!.includes(DEPARTMENT_ROLE) && !seen.includes(k)) : [];
    const departmentOnly = departmentKinds.length > 0 ? { kinds: departmentKinds, departmentId: reader.departmentId } : null;
    // Kinds the rules do not list reach `otherKinds`: a reader of those sees all but the listed kinds it is not given.
    if (full(rules.otherKinds)) return { mode: 'except', kinds: listed.filter((k) => !seen.includes(k)), departmentOnly };
    return { mode: 'only', kinds: seen, departmentOnly };
  }

  /** Raises 超期 (overdue) and 急件 (urgent case) alarms from the workflow, in the action's own transaction. */
  attach(workflow: Workflow): void {
    workflow.observe(async (change) => {
      const staged = await this.fromCaseChange(change);
      if (staged.length === 0) return undefined;
      return () => {
        for (const s of staged) s.publish();
      };
    });
  }

  private async fromCaseChange(change: ObservedChange): Promise<StagedAlarm[]> {
    const now = this.clock.now();
    const c = change.after;
    const staged: StagedAlarm[] = [];
    const at = change.events.at(-1)?.at ?? c.updatedAt;
    if (now - at > STALE_MS) return staged; // the demo history replayed with its own clock
    const place = { caseId: c.id, departmentId: c.departmentId, lon: c.lon, lat: c.lat, gridCode: c.gridCode };
    if (change.events.some((e) => e.action === 'overdue')) {
      staged.push(
        await this.stage({
          kind: 'case_overdue',
          severity: c.urgent === 1 ? 'critical' : 'major',
          title: `案件超期：${c.caseNo}${c.address ? ` ${c.address}` : ''}`,
          titleEn: `Case overdue: ${c.caseNo}${c.address ? ` ${c.address}` : ''}`,
          detail: c.description.slice(0, 200),
          key: `case:${c.id}:overdue`,
          at,
          data: { caseNo: c.caseNo, classCode: c.classCode, kind: c.kind, state: c.state, deadlineAt: c.deadlineAt },
          ...place,
        }),
      );
    }
    // 急件: a new urgent case, or one flagged urgent. A sensor's case has its sensor alarm already.
    const becameUrgent = c.urgent === 1 && (change.before === null || change.before.urgent !== 1);
    if (becameUrgent && c.source !== 'iot') staged.push(await this.stage(urgentAlarm(c, at, place)));
    return staged;
  }
}

function urgentAlarm(c: CaseRow, at: number, place: Pick<RaiseAlarm, 'caseId' | 'departmentId' | 'lon' | 'lat' | 'gridCode'>): RaiseAlarm {
  return {
    kind: 'case_urgent',
    severity: 'critical',
    title: `急件：${c.caseNo}${c.address ? ` ${c.address}` : ''}`,
    titleEn: `Urgent case: ${c.caseNo}${c.address ? ` ${c.address}` : ''}`,
    detail: c.description.slice(0, 200),
    key: `case:${c.id}:urgent`,
    at,
    data: { caseNo: c.caseNo, classCode: c.classCode, kind: c.kind, source: c.source },
    ...place,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function itemOf(row: AlarmListRow): AlarmItem {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    titleEn: row.titleEn,
    detail: row.detail,
    detailEn: row.detailEn,
    state: row.state,
    raisedAt: iso(row.raisedAt)!,
    lastAt: iso(row.lastAt)!,
    repeats: row.repeats,
    clearedAt: iso(row.clearedAt),
    seenAt: iso(row.seenAt),
    seenBy: row.seenBy === null ? null : { id: row.seenBy, name: row.seenByName ?? '' },
    handledAt: iso(row.handledAt),
    handledBy: row.handledBy === null ? null : { id: row.handledBy, name: row.handledByName ?? '' },
    handledNote: row.handledNote,
    caseId: row.caseId,
    caseNo: row.caseNo,
    departmentId: row.departmentId,
    device: row.deviceKind === null ? null : { kind: row.deviceKind, id: row.deviceId, code: row.deviceCode },
    lon: row.lon,
    lat: row.lat,
    gridCode: row.gridCode,
    data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
  };
}

