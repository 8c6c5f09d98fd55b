// The texts, in Chinese: the case number, the place and the deadline in every case message.
// SMS carries the county's signature first (短信签名); groups and mail carry the same text.
import type { NotifyEvent } from './settings.js';

export interface CaseFacts {
  caseNo: string;
  className: string;
  /** The address, else the grid, else 位置未知. */
  place: string;
  departmentName: string | null;
  /** The deadline in county time (12月8日 17:00), or null when none runs. */
  deadline: string | null;
  urgent: boolean;
}

export interface DigestFacts {
  date: string;
  reported: number;
  registered: number;
  closed: number;
  open: number;
  overdue: number;
}

export const EVENT_NAMES: Record<NotifyEvent, string> = {
  dispatched: '派遣通知',
  warning: '临期预警',
  overdue: '超期告知',
  urgent: '急件通知',
  returned: '回退告知',
  alarm: '告警通知',
  digest: '每日简报',
};

/** 12月8日 17:00 in county time. */
export function countyTime(ms: number, utcOffsetMinutes: number): string {
  const d = new Date(ms + utcOffsetMinutes * 60_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

export function caseText(event: Exclude<NotifyEvent, 'alarm' | 'digest'>, c: CaseFacts, percent?: number): { title: string; body: string } {
  const what = `案件${c.caseNo}（${c.className}，${c.place}）`;
  const until = c.deadline ? `处置时限${c.deadline}` : '尚无处置时限';
  const title = `${EVENT_NAMES[event]} ${c.caseNo}`;
  switch (event) {
    case 'dispatched':
      return { title, body: `${c.urgent ? '【急件】' : ''}${what}已派遣至${c.departmentName ?? '贵单位'}，${c.deadline ? `请于${c.deadline}前处置并反馈` : '请及时处置并反馈'}。` };
    case 'warning':
      return { title, body: `临期预警：${what}处置时限已过${percent ?? 80}%，${until}，请抓紧处置。` };
    case 'overdue':
      return { title, body: `超期告知：${what}已超过处置时限${c.deadline ? `（${c.deadline}）` : ''}，责任单位${c.departmentName ?? '未定'}，请督办。` };
    case 'urgent':
      return { title, body: `急件：${what}为紧急案件，${c.deadline ? until : '请立即受理、立案并派遣'}。` };
    case 'returned':
      return { title, body: `回退申请：${c.departmentName ?? '处置单位'}申请回退${what}，请及时审批并改派。` };
  }
}

export function digestText(d: DigestFacts): { title: string; body: string } {
  return {
    title: `每日简报 ${d.date}`,
    body: `${d.date}简报：昨日上报${d.reported}件、立案${d.registered}件、结案${d.closed}件；当前在办${d.open}件，其中超期${d.overdue}件。`,
  };
}

export function alarmText(text: string, place: string | null): { title: string; body: string } {
  return { title: `告警通知`, body: `告警：${text}${place ? `（${place}）` : ''}，请值班人员核实处置。` };
}

/** Whether `now` falls in quiet hours (county time, HH:MM, wrapping midnight); if so, when they end. */
export function quietUntil(now: number, quiet: { enabled: boolean; start: string; end: string }, utcOffsetMinutes: number): number | null {
  if (!quiet.enabled || quiet.start === quiet.end) return null;
  const minutes = (hhmm: string) => {
    const [h, m] = hhmm.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  const local = now + utcOffsetMinutes * 60_000;
  const dayStart = Math.floor(local / 86_400_000) * 86_400_000;
  const minute = (local - dayStart) / 60_000;
  const inQuiet = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inQuiet) return null;
  const endDay = start < end || minute < end ? dayStart : dayStart + 86_400_000;
  return endDay + end * 60_000 - utcOffsetMinutes * 60_000;
}
