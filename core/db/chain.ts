// Tamper-evident trails: each row of an append-only trail (the audit log, a case's events)
// carries an SM3 hash (GB/T 32905-2016, 国密) of the previous row's hash and its own content.
// Changing, inserting or removing a row by hand breaks every link after it; `gridhall verify`
// recomputes the chain and names the first row whose hash no longer matches.
import { createHash } from 'node:crypto';

/** The hash the first row links to. */
export const CHAIN_START = '0'.repeat(64);

/**
 * SM3 over the previous hash and the row's fields, each written as JSON (so a field boundary
 * cannot be shifted without changing the text: ["a","bc"] and ["ab","c"] differ).
 */
export function chainHash(previous: string, fields: readonly unknown[]): string {
  return createHash('sm3').update(previous).update('\n').update(JSON.stringify(fields)).digest('hex');
}

export interface ChainBreak {
  /** The row whose stored hash does not match its content and its predecessor. */
  id: number;
  expected: string;
  stored: string | null;
}

/**
 * Walks rows in order (id ascending) and returns the first broken link, if any. `fields`
 * gives a row's hashed fields, `stored` its stored hash. `start` is the hash the first row
 * links to (CHAIN_START, or the last hash before a retention purge).
 */
export async function firstBreak<Row extends { id: number }>(
  rows: Iterable<Row> | AsyncIterable<Row>,
  fields: (row: Row) => readonly unknown[],
  stored: (row: Row) => string | null,
  start = CHAIN_START,
): Promise<{ checked: number; broken?: ChainBreak }> {
  let previous = start;
  let checked = 0;
  for await (const row of rows) {
    const expected = chainHash(previous, fields(row));
    const actual = stored(row);
    if (actual !== expected) return { checked, broken: { id: row.id, expected, stored: actual } };
    previous = expected;
    checked++;
  }
  return { checked };
}
