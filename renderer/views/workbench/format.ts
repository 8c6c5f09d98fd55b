// How the workbench writes durations and times for the hall.
import { formatTime } from '../../i18n/time.js';

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

/** "11-18 09:05" on the county's clock; the year only when it is not this year. */
export function shortTime(iso: string | number, now = Date.now()): string {
  return formatTime(iso, 'short', now);
}

/** "2026-11-18 09:05:33" on the county's clock. */
export function fullTime(iso: string | number): string {
  return formatTime(iso, 'full');
}
