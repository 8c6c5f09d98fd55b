// The one place a muck-truck alarm leaves this slice. It files a case through the intake door
// (source 物联网: the terminal is a device) and raises the county alarm (告警中心, kind
// `truck_alarm`, docs/ALARMS.md) linked to the case, the truck and the place; when the truck
// keeps the rule again the county alarm is cleared.
import type { AlarmService } from '../../alarms/index.js';
import type { DictionaryStore } from '../../base/dictionary/index.js';
import { GBT_30428_2, GBT_47678_5 } from '../../base/dictionary/index.js';
import type { Logger } from '../../runtime/log.js';
import { SYSTEM_ACTOR } from '../../workflow/cases/index.js';
import type { IntakeService } from '../intake/index.js';
import { ALARM_LABELS } from './rules.js';
import type { MuckAlarmKind } from './store.js';

export interface AlarmInput {
  kind: MuckAlarmKind;
  truck: { id: number; plate: string };
  /** The muck-truck alarm row (its episode). */
  alarmId: number;
  /** The case description (Chinese): what, which permit, when, the evidence. */
  description: string;
  /** One line for the alarm list. */
  title: string;
  at: number;
  lon: number | null;
  lat: number | null;
}

export interface AlarmDoor {
  /** Files the case and raises the county alarm; the case id, or null when no case could be filed (the alarm stands). */
  raise(alarm: AlarmInput): Promise<number | null>;
  /** The truck keeps the rule again. */
  clear(alarm: Pick<AlarmInput, 'kind' | 'truck' | 'alarmId' | 'at'>): Promise<void>;
}

/** The event class a muck-truck case is filed under, per class standard (施工管理). */
export const MUCK_CASE_CLASS: Record<string, string> = { [GBT_30428_2]: '0399', [GBT_47678_5]: '08005' };

const keyOf = (a: Pick<AlarmInput, 'truck' | 'kind' | 'alarmId'>) => `truck:${a.truck.id}:${a.kind}:${a.alarmId}`;

export function countyAlarmDoor(intake: IntakeService, dictionary: DictionaryStore, alarms: AlarmService, log: Logger): AlarmDoor {
  const fileCase = async (a: AlarmInput): Promise<number | null> => {
    const standard = await dictionary.activeStandard();
    const classCode = standard ? MUCK_CASE_CLASS[standard.id] : undefined;
    if (!classCode || a.lon === null || a.lat === null) return null;
    try {
      return (await intake.report({ source: 'iot', kind: 'event', classCode, description: a.description, lon: a.lon, lat: a.lat }, SYSTEM_ACTOR)).case.id;
    } catch (error) {
      log.error({ err: error, alarm: a.alarmId }, 'muck truck alarm: the case could not be filed');
      return null;
    }
  };
  return {
    async raise(a) {
      const caseId = await fileCase(a);
      try {
        await alarms.raise({
          kind: 'truck_alarm',
          severity: a.kind === 'speeding' || a.kind === 'off_corridor' ? 'major' : 'minor',
          title: a.title,
          titleEn: `Muck truck ${ALARM_LABELS[a.kind].en.toLowerCase()}: ${a.truck.plate}`,
          detail: a.description,
          key: keyOf(a),
          at: a.at,
          caseId,
          device: { kind: 'truck', id: a.truck.id, code: a.truck.plate },
          lon: a.lon,
          lat: a.lat,
          data: { truckAlarmId: a.alarmId, rule: a.kind },
        });
      } catch (error) {
        log.error({ err: error, alarm: a.alarmId }, 'muck truck alarm: the county alarm could not be raised');
      }
      return caseId;
    },
    async clear(a) {
      await alarms.clear(keyOf(a), a.at);
    },
  };
}
