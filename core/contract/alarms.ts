// 告警中心: the alarms the console lists and the wall toasts (GET /api/alarms, `alarm.*` events).
import { Type, type Static } from 'typebox';
import { RoleCode } from './roles.js';

/** The kinds Gridhall raises itself; producers may add their own (e.g. `truck_alarm`). */
export const KnownAlarmKind = Type.Enum(['sensor_alarm', 'device_offline', 'case_overdue', 'case_urgent', 'camera_event']);
export type KnownAlarmKind = Static<typeof KnownAlarmKind>;

/** A known kind, or a producer's own (e.g. `truck_alarm`). */
export const AlarmKind = Type.String();
export type AlarmKind = Static<typeof AlarmKind>;

export const AlarmSeverity = Type.Enum(['critical', 'major', 'minor', 'info']);
export type AlarmSeverity = Static<typeof AlarmSeverity>;

/** new → seen → handled; seen may be skipped. */
export const AlarmState = Type.Enum(['new', 'seen', 'handled']);
export type AlarmState = Static<typeof AlarmState>;

export const AlarmItem = Type.Object({
  id: Type.Number(),
  kind: AlarmKind,
  severity: AlarmSeverity,
  /** Chinese; `titleEn` when the producer gave one. */
  title: Type.String(),
  titleEn: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.String(), Type.Null()]),
  detailEn: Type.Union([Type.String(), Type.Null()]),
  state: AlarmState,
  raisedAt: Type.String(),
  /** The latest repeat (same key while not handled). */
  lastAt: Type.String(),
  repeats: Type.Number(),
  /** When the source said the condition ended (sensor back to normal, device online again). */
  clearedAt: Type.Union([Type.String(), Type.Null()]),
  seenAt: Type.Union([Type.String(), Type.Null()]),
  seenBy: Type.Union([Type.Object({
    id: Type.Number(),
    name: Type.String(),
  }), Type.Null()]),
  handledAt: Type.Union([Type.String(), Type.Null()]),
  handledBy: Type.Union([Type.Object({
    id: Type.Number(),
    name: Type.String(),
  }), Type.Null()]),
  handledNote: Type.Union([Type.String(), Type.Null()]),
  caseId: Type.Union([Type.Number(), Type.Null()]),
  caseNo: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  device: Type.Union([Type.Object({
    kind: Type.String(),
    id: Type.Union([Type.Number(), Type.Null()]),
    code: Type.Union([Type.String(), Type.Null()]),
  }), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type AlarmItem = Static<typeof AlarmItem>;

export const AlarmListResponse = Type.Object({
  items: Type.Array(AlarmItem),
  /** Alarms not yet handled, by state, among those this user may see. */
  counts: Type.Object({
    new: Type.Number(),
    seen: Type.Number(),
    handled: Type.Number(),
  }),
  /** More rows exist before the last item (page with `before=<last id>`). */
  more: Type.Boolean(),
});
export type AlarmListResponse = Static<typeof AlarmListResponse>;

/** Which roles each kind reaches (系统维护 → 告警规则); kinds not listed reach `otherKinds`. */
export const AlarmRules = Type.Object({
  routes: Type.Record(Type.String(), Type.Array(RoleCode)),
  otherKinds: Type.Array(RoleCode),
});
export type AlarmRules = Static<typeof AlarmRules>;

/** `alarm.raised` (a new alarm or a repeat) and `alarm.updated` (seen, handled, cleared) carry an AlarmItem. */
export const AlarmEventData = AlarmItem;
export type AlarmEventData = Static<typeof AlarmEventData>;
