// A small harness for `npm run bench`: timings, percentiles and a printed table. Speed lives
// here, never in tests; every figure is printed beside a baseline measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function timeIt<T>(fn: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = fn();
  return { result, ms: performance.now() - start };
}

/** The time of asynchronous work (the store is asynchronous). */
export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs fn `runs` times after `warmup` runs and returns per-run milliseconds. */
export function sample(fn: () => unknown, runs = 50, warmup = 5): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(timeIt(fn).ms);
  return out;
}

/** Like sample, for asynchronous work: each run is awaited before the next. */
export async function sampleAsync(fn: () => Promise<unknown>, runs = 50, warmup = 5): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push((await timeAsync(fn)).ms);
  return out;
}

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `gridhall-bench-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(digits);
}

export function printSection(title: string, figures: Figure[]): void {
  process.stdout.write(`\n## ${title}\n`);
  const width = Math.max(...figures.map((f) => f.name.length), 10);
  for (const f of figures) {
    process.stdout.write(`  ${f.name.padEnd(width)}  ${fmt(f.value).padStart(12)} ${f.unit}${f.note ? `   (${f.note})` : ''}\n`);
  }
}
