// 告警中心: the alarms the console lists and the wall toasts (GET /api/alarms, `alarm.*` events).
import type { RoleCode } from './index.js';

/** The kinds Gridhall raises itself; producers may add their own (e.g. `truck_alarm`). */
export type KnownAlarmKind = 'sensor_alarm' | 'device_offline' | 'case_overdue' | 'case_urgent' | 'camera_event';
export type AlarmKind = KnownAlarmKind | (string & {});
export type AlarmSeverity = 'critical' | 'major' | 'minor' | 'info';
/** new → seen → handled; seen may be skipped. */
export type AlarmState = 'new' | 'seen' | 'handled';

export interface AlarmItem {
  id: number;
  kind: AlarmKind;
  severity: AlarmSeverity;
  /** Chinese; `titleEn` when the producer gave one. */
  title: string;
  titleEn: string | null;
  detail: string | null;
  detailEn: string | null;
  state: AlarmState;
  raisedAt: string;
  /** The latest repeat (same key while not handled). */
  lastAt: string;
  repeats: number;
  /** When the source said the condition ended (sensor back to normal, device online again). */
  clearedAt: string | null;
  seenAt: string | null;
  seenBy: { id: number; name: string } | null;
  handledAt: string | null;
  handledBy: { id: number; name: string } | null;
  handledNote: string | null;
  caseId: number | null;
  caseNo: string | null;
  departmentId: number | null;
  device: { kind: string; id: number | null; code: string | null } | null;
  lon: number | null;
  lat: number | null;
  gridCode: string | null;
  data: Record<string, unknown> | null;
}

export interface AlarmListResponse {
  items: AlarmItem[];
  /** Alarms not yet handled, by state, among those this user may see. */
  counts: { new: number; seen: number; handled: number };
  /** More rows exist before the last item (page with `before=<last id>`). */
  more: boolean;
}

/** Which roles each kind reaches (系统维护 → 告警规则); kinds not listed reach `otherKinds`. */
export interface AlarmRules {
  routes: Record<string, RoleCode[]>;
  otherKinds: RoleCode[];
}

/** `alarm.raised` (a new alarm or a repeat) and `alarm.updated` (seen, handled, cleared) carry an AlarmItem. */
export type AlarmEventData = AlarmItem;
