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
  /** Decimals to print (ratios: 2). */
  digits?: number;
}

/** `npm run bench -- --quick`: the same ratios on smaller sizes, the whole run under 5 minutes. */
export const QUICK = process.env.GRIDHALL_BENCH_QUICK === '1';

/** The machine's load average, printed beside every figure (2 cores shared by many). */
export function loadAverage(): string {
  return `load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

/** Runs one part of a bench between two printed load averages. */
export async function part<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
  process.stdout.write(`\n[${name}] before: ${loadAverage()}\n`);
  const started = performance.now();
  try {
    return await fn();
  } finally {
    process.stdout.write(`[${name}] after: ${loadAverage()} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  }
}

export function median(xs: number[]): number {
  return percentile(xs, 50);
}

/**
 * Interleaved rounds (A B A B …): each round times the product and then its baseline on the
 * same amount of work, so a swing of the machine's load falls on both sides of a pair. The
 * ratio is the median of the pairwise ratios (product rate ÷ baseline rate).
 */
export async function interleave(
  rounds: number,
  product: (round: number) => number | Promise<number>,
  baseline: (round: number) => number | Promise<number>,
): Promise<{ ratio: number; ratios: number[]; productRate: number; baselineRate: number }> {
  const ratios: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const pa = await product(r);
    const pb = await baseline(r);
    a.push(pa);
    b.push(pb);
    ratios.push(pa / pb);
  }
  return { ratio: median(ratios), ratios, productRate: median(a), baselineRate: median(b) };
}

/** A ratio as printed: two decimals. */
export const ratio2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : String(x));

/** The time of synchronous work. Asynchronous work goes to timeAsync: timing only until its first await read 0 ms. */
export function timeIt<T>(fn: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = fn();
  if (result instanceof Promise) throw new Error('timeIt was given asynchronous work: use timeAsync');
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
  process.stdout.write(`\n## ${title}   [${loadAverage()}]\n`);
  const width = Math.max(...figures.map((f) => f.name.length), 10);
  for (const f of figures) {
    const value = f.digits === undefined ? fmt(f.value) : Number.isFinite(f.value) ? f.value.toFixed(f.digits) : String(f.value);
    process.stdout.write(`  ${f.name.padEnd(width)}  ${value.padStart(12)} ${f.unit}${f.note ? `   (${f.note})` : ''}\n`);
  }
}
