// How an alarm reads in the console's language: its kind's name (a producer's own kind shows
// as it is named) and its title (English when the producer gave one).
import type { AlarmItem } from '../../../../core/contract/index';

type Translate = (key: string) => string;

export function kindLabel(kind: string, t: Translate, te: (key: string) => boolean): string {
  return te(`wall.alarms.kinds.${kind}`) ? t(`wall.alarms.kinds.${kind}`) : kind;
}

export function alarmTitle(alarm: Pick<AlarmItem, 'title' | 'titleEn'>, locale: string): string {
  return locale === 'en' && alarm.titleEn ? alarm.titleEn : alarm.title;
}
