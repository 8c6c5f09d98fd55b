// How the workbench writes durations and times for the hall.

const pad = (n: number) => String(n).padStart(2, '0');

/** H:MM:SS of a duration in milliseconds (whole seconds, rounded down). */
export function clockText(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/**
 * A remaining time split for display: whole working days (of `dayLengthMs`) or calendar days
 * for clock limits, and the rest as H:MM:SS. The sign is kept apart (overdue is negative).
 */
export function splitRemaining(ms: number, dayLengthMs: number, clockLimit: boolean): { overdue: boolean; days: number; rest: string } {
  const day = clockLimit || dayLengthMs <= 0 ? 86_400_000 : dayLengthMs;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / day);
  return { overdue: ms < 0, days, rest: clockText(abs - days * day) };
}

/** "11-18 09:05" in the viewer's zone; the year only when it is not this year. */
export function shortTime(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  const date = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${sameYear ? '' : d.getFullYear() + '-'}${date} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2026-11-18 09:05:33" in the viewer's zone. */
export function fullTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
