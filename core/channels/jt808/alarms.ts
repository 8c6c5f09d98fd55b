// The one place a muck-truck alarm leaves this slice: it files a case through the intake door
// (source 物联网: the terminal is a device) and returns the case id. When the county's alarm
// service lands (docs/ALARMS.md, raise()), this function is the only thing that changes.
import type { DictionaryStore } from '../../base/dictionary/store.js';
import { GBT_30428_2, GBT_47678_5 } from '../../base/dictionary/seed.js';
import type { Logger } from '../../runtime/log.js';
import { SYSTEM_ACTOR } from '../../workflow/cases/workflow.js';
import type { IntakeService } from '../intake/service.js';
import type { MuckAlarmKind } from './store.js';

export interface AlarmInput {
  source: 'jt808';
  kind: MuckAlarmKind;
  description: string;
  lon: number;
  lat: number;
  alarmId: number;
}

/** Files the alarm's case; the case id, or null when the county cannot file it (the alarm stands). */
export type AlarmRaiser = (alarm: AlarmInput) => number | null;

/** The event class a muck-truck case is filed under, per class standard (施工管理: other). */
export const MUCK_CASE_CLASS: Record<string, string> = { [GBT_30428_2]: '0399', [GBT_47678_5]: '08005' };

export function intakeAlarmRaiser(intake: IntakeService, dictionary: DictionaryStore, log: Logger): AlarmRaiser {
  return (alarm) => {
    const standard = dictionary.activeStandard();
    const classCode = standard ? MUCK_CASE_CLASS[standard.id] : undefined;
    if (!classCode) {
      log.error({ alarm: alarm.alarmId }, 'muck truck alarm: no case class for the active standard');
      return null;
    }
    try {
      const change = intake.report({ source: 'iot', kind: 'event', classCode, description: alarm.description, lon: alarm.lon, lat: alarm.lat, urgent: alarm.kind === 'speeding' }, SYSTEM_ACTOR);
      return change.case.id;
    } catch (error) {
      log.error({ err: error, alarm: alarm.alarmId }, 'muck truck alarm: the case could not be filed');
      return null;
    }
  };
}
