// County-editable parameters and their defaults. Most are [U] in DOMAIN.md: sensible
// defaults that a county changes in 系统维护, never truths baked into code.
import type { RoleCode } from '../../contract/index.js';
import type { TimeLimit } from '../calendar/index.js';
import { DEFAULT_NOTIFICATIONS, type NotificationSettings } from '../../notify/index.js';
import { DEFAULT_TIME_ZONE } from '../../runtime/zone.js';

export interface WorkflowSettings {
  /** 处置反馈 must carry at least one photo. */
  photoRequiredOnDispose: boolean;
  /** A due-soon warning fires when this share of the disposal limit is left. */
  dueSoonFraction: number;
  /** Disposal limit for urgent cases (急件) when the class sets none: clock time. */
  urgentLimit: TimeLimit;
}

export interface BlacklistSettings {
  /** The same class this many times in one grid within windowDays flags the grid (黑名单). */
  threshold: number;
  windowDays: number;
}

export interface DuplicateSettings {
  /** An open case of the same class within this radius is shown before filing. */
  radiusM: number;
}

export interface CalendarSettings {
  /** The county's time zone (IANA): every time the console, exports and cameras show is in it. */
  timeZone: string;
  /**
   * Derived from timeZone when read (its offset now); the working calendar counts in this fixed
   * offset, which is exact for zones without daylight saving (all of China).
   */
  utcOffsetMinutes: number;
  weekendDays: number[];
}

export interface DemoSettings {
  /**
   * New reports per minute the living demo county makes in its busiest hours (county working
   * hours; half of it in the centre's evening, an eighth at night); the demo staff's pace follows
   * it. 0 stops the living demo.
   */
  liveReportsPerMinute: number;
}

/** value ≥ from → score; bands are read from the highest `from` down (a step score, 分值). */
export interface ScoreBand {
  from: number;
  score: number;
}

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

/**
 * 综合评价 (DOMAIN.md §4.3) [S]/[U]: weights of each object's composite (each object's sum is
 * 100), the step-score bands of the count terms (per month; longer periods are scaled), and the
 * grade bands with their colours.
 */
export interface EvaluationSettings {
  weights: {
    region: { supervision: number; caseCount: number; closeRate: number; onTimeCloseRate: number };
    department: { caseCount: number; closeRate: number; onTimeDisposeRate: number; reworkFree: number };
    inspector: { validReportRate: number; missFree: number; onTimeVerifyRate: number; onTimeCheckRate: number };
    acceptor: { acceptCount: number; verifySendRate: number; checkSendRate: number };
    shift_leader: { onTimeRegisterRate: number; accurateRegisterRate: number; onTimeCloseRate: number };
    dispatcher: { dispatchCount: number; onTimeDispatchRate: number; accurateDispatchRate: number };
  };
  bands: {
    /** 立案数 per grid per month (一类区域): fewer problems score higher. */
    regionCases: ScoreBand[];
    /** A department's 立案数 per month. */
    departmentCases: ScoreBand[];
    /** 受理数 per month. */
    acceptorCount: ScoreBand[];
    /** 派遣数 per month [U]: no source gives bands; the 受理数 bands by default. */
    dispatcherCount: ScoreBand[];
  };
  /** Highest `min` first; a score ≥ min gets the grade. */
  grades: { grade: Grade; min: number; colour: string }[];
  /**
   * The fewest cases (an object's sample: a region's 立案数, a department's cases received, a
   * person's reports, acceptances, registrations or dispatches) before it is ranked. Fewer: its
   * score shows with the sample beside it, below the ranked ones (four departments tied at 100
   * on 4–8 cases say nothing).
   */
  minCases: number;
}

/** 市民通 and Open311: how much one client may send (the flood guard and the report quotas). */
export interface IntakeSettings {
  /** Requests a minute from one client address on the public routes (/api/public, /open311). */
  publicRequestsPerMinute: number;
  /** Reports one device (the page's device id) may file in an hour and in a day. */
  reportsPerDevicePerHour: number;
  reportsPerDevicePerDay: number;
  /** Reports one client address may file in an hour and in a day (one address may be a whole office). */
  reportsPerAddressPerHour: number;
  reportsPerAddressPerDay: number;
  /** Photos on one citizen report, and the size of each. */
  maxPhotos: number;
  maxPhotoBytes: number;
  /** The small classes offered first on the 市民通 page (kind:code). */
  commonClasses: string[];
}

export interface Open311Settings {
  /** The jurisdiction_id this endpoint answers to; empty means the county's admin code. */
  jurisdictionId: string;
  contact: string;
}

export interface SensorTypeSettings {
  unit: string;
  /** A reading at or above this starts an incident (after confirmReadings in a row). */
  alarmAbove: number;
  /** A reading at or below this ends it (after confirmReadings in a row): the gap stops flapping. */
  clearBelow: number;
  confirmReadings: number;
  /** At or above this the case is filed as urgent (急件). */
  urgentAbove: number;
  /** The class a case is filed under when the sensor watches no component. */
  caseKind: 'component' | 'event';
  caseClassCode: string;
}

export interface IotSettings {
  water_level: SensorTypeSettings;
  manhole_cover: SensorTypeSettings;
  /** A sensor silent this long is shown offline. */
  offlineAfterMinutes: number;
}

export interface FieldSettings {
  /** Inspectors' shift (local time, HH:MM): outside it nobody is flagged for leaving the grid. */
  shiftStart: string;
  shiftEnd: string;
  /** Only on working days of the county calendar. */
  workingDaysOnly: boolean;
  /** A position older than this means the inspector is offline. */
  staleAfterMinutes: number;
  /** Within this many metres of an own grid still counts as inside (GPS error at the boundary). */
  toleranceM: number;
}

/** 告警规则: which roles each alarm kind reaches (系统维护). A kind not listed reaches `otherKinds`. */
export interface AlarmSettings {
  routes: Record<string, RoleCode[]>;
  otherKinds: RoleCode[];
}

/** 等保 2.0 level 3 controls a county may tune (安全策略). */
export interface SecuritySettings {
  /** Passwords: at least this long, with at least `passwordClasses` of lower, upper, digits, others. */
  passwordMinLength: number;
  passwordClasses: number;
  /** A new password may not be any of the last this many. */
  passwordHistory: number;
  /** A password older than this must be changed at sign-in (0: never). */
  passwordMaxAgeDays: number;
  /** A session unused this long ends. */
  sessionIdleMinutes: number;
  /** At most this many sessions per user; a new sign-in ends the oldest. */
  maxSessionsPerUser: number;
  /** The audit log is kept this long (网络安全法 art. 21: at least 180 days). */
  logRetentionDays: number;
  /** Citizens' names and phone numbers on closed cases are anonymised after this many days (个人信息保护法). */
  personalDataRetentionDays: number;
}

/** 数据备份: the scheduled backups (core/admin/backup/schedule.ts), kept with the security policy. */
export interface BackupScheduleSettings {
  /** Whether backups run on their own every day. */
  enabled: boolean;
  /** The county time (HH:MM, the county's time zone) the day's backup is made. */
  time: string;
  /** Keep the newest scheduled backup of each of the last this many days that have one … */
  keepDaily: number;
  /** … and of each of the last this many weeks (Monday to Sunday, county time). */
  keepWeekly: number;
  /** Where backups are written; empty: <data folder>/backups. */
  folder: string;
  /** A second folder (another disk) each backup is copied to and checked in; empty: none. */
  secondFolder: string;
}

export interface SettingsMap {
  /** 等保: password rules, sessions, log and personal-data retention. */
  security: SecuritySettings;
  /** Scheduled backups: when, how many kept, where. */
  backups: BackupScheduleSettings;
  workflow: WorkflowSettings;
  blacklist: BlacklistSettings;
  duplicate: DuplicateSettings;
  calendar: CalendarSettings;
  demo: DemoSettings;
  evaluation: EvaluationSettings;
  intake: IntakeSettings;
  open311: Open311Settings;
  iot: IotSettings;
  field: FieldSettings;
  /** 消息通知 (core/notify). */
  notifications: NotificationSettings;
  alarms: AlarmSettings;
}

export const DEFAULT_SETTINGS: SettingsMap = {
  security: {
    passwordMinLength: 10,
    passwordClasses: 3,
    passwordHistory: 5,
    passwordMaxAgeDays: 90,
    sessionIdleMinutes: 30,
    maxSessionsPerUser: 3,
    logRetentionDays: 180,
    personalDataRetentionDays: 365,
  },
  backups: { enabled: true, time: '02:00', keepDaily: 7, keepWeekly: 4, folder: '', secondFolder: '' },
  workflow: { photoRequiredOnDispose: true, dueSoonFraction: 0.2, urgentLimit: { value: 2, unit: 'hours' } },
  blacklist: { threshold: 3, windowDays: 30 },
  duplicate: { radiusM: 50 },
  calendar: { timeZone: DEFAULT_TIME_ZONE, utcOffsetMinutes: 480, weekendDays: [0, 6] },
  demo: { liveReportsPerMinute: 0.5 },
  evaluation: {
    weights: {
      region: { supervision: 10, caseCount: 20, closeRate: 30, onTimeCloseRate: 40 },
      department: { caseCount: 10, closeRate: 30, onTimeDisposeRate: 30, reworkFree: 30 },
      inspector: { validReportRate: 40, missFree: 20, onTimeVerifyRate: 20, onTimeCheckRate: 20 },
      acceptor: { acceptCount: 25, verifySendRate: 40, checkSendRate: 35 },
      shift_leader: { onTimeRegisterRate: 25, accurateRegisterRate: 40, onTimeCloseRate: 35 },
      dispatcher: { dispatchCount: 20, onTimeDispatchRate: 40, accurateDispatchRate: 40 },
    },
    bands: {
      // 一类区域: 0 → 100, <3 → 90, <5 → 75, <7 → 60, <9 → 40, else 0 ("0" is under half a case).
      regionCases: [{ from: 9, score: 0 }, { from: 7, score: 40 }, { from: 5, score: 60 }, { from: 3, score: 75 }, { from: 0.5, score: 90 }, { from: 0, score: 100 }],
      // ≤50 → full marks … >1000 → 0; the steps between are [U].
      departmentCases: [{ from: 1001, score: 0 }, { from: 501, score: 40 }, { from: 201, score: 60 }, { from: 101, score: 75 }, { from: 51, score: 90 }, { from: 0, score: 100 }],
      acceptorCount: [{ from: 2001, score: 100 }, { from: 1201, score: 90 }, { from: 501, score: 75 }, { from: 301, score: 60 }, { from: 101, score: 40 }, { from: 0, score: 0 }],
      dispatcherCount: [{ from: 2001, score: 100 }, { from: 1201, score: 90 }, { from: 501, score: 75 }, { from: 301, score: 60 }, { from: 101, score: 40 }, { from: 0, score: 0 }],
    },
    grades: [
      { grade: 'A', min: 90, colour: '#22c55e' }, // 绿
      { grade: 'B', min: 75, colour: '#3b82f6' }, // 蓝
      { grade: 'C', min: 60, colour: '#eab308' }, // 黄
      { grade: 'D', min: 40, colour: '#ef4444' }, // 红
      { grade: 'E', min: 0, colour: '#111827' }, // 黑
    ],
    // [U] No source sets it: 10 cases in the period.
    minCases: 10,
  },
  intake: {
    publicRequestsPerMinute: 120,
    reportsPerDevicePerHour: 5,
    reportsPerDevicePerDay: 20,
    reportsPerAddressPerHour: 30,
    reportsPerAddressPerDay: 200,
    maxPhotos: 3,
    maxPhotoBytes: 5 * 1024 * 1024,
    commonClasses: ['event:0102', 'event:0110', 'event:0406', 'event:0505', 'event:0507', 'component:0103', 'component:0118', 'component:0305'],
  },
  open311: { jurisdictionId: '', contact: '12319' },
  iot: {
    // [U] 积水 depth on the road in metres: 15 cm troubles traffic, 30 cm stops cars.
    water_level: { unit: 'm', alarmAbove: 0.15, clearBelow: 0.08, confirmReadings: 2, urgentAbove: 0.3, caseKind: 'event', caseClassCode: '0406' },
    // [U] Cover tilt in degrees: a lifted or displaced cover.
    manhole_cover: { unit: '°', alarmAbove: 10, clearBelow: 3, confirmReadings: 1, urgentAbove: 30, caseKind: 'event', caseClassCode: '0499' },
    offlineAfterMinutes: 30,
  },
  field: { shiftStart: '07:30', shiftEnd: '18:30', workingDaysOnly: true, staleAfterMinutes: 15, toleranceM: 25 },
  notifications: DEFAULT_NOTIFICATIONS,
  alarms: {
    // [U] The centre's watch (值班长, 派遣员) sees everything on the wall; leaders the urgent and
    // the overdue; a department only its own overdue cases; the administrator the devices.
    routes: {
      sensor_alarm: ['shift_leader', 'dispatcher', 'acceptor', 'leader', 'admin'],
      device_offline: ['shift_leader', 'admin'],
      case_overdue: ['shift_leader', 'dispatcher', 'leader', 'department'],
      case_urgent: ['shift_leader', 'dispatcher', 'acceptor', 'leader'],
      camera_event: ['shift_leader', 'dispatcher', 'leader', 'admin'],
      // 数据备份: a failed backup, copy or restore drill is for the administrators who keep them.
      backup_failed: ['admin', 'security_admin'],
      backup_copy_failed: ['admin', 'security_admin'],
      backup_drill_failed: ['admin', 'security_admin'],
    },
    otherKinds: ['shift_leader', 'leader', 'admin'],
  },
};
