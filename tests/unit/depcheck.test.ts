// The import rules of .dependency-cruiser.cjs (run by `npm test` as `npm run depcheck`) catch
// what they are there for: a fixture with an import cycle and a reach past a slice's index.ts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'tests/fixtures/depcheck');

describe('the import rules', () => {
  it('name an import cycle and a reach past a front door, and pass the front door itself', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'core', '--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'], {
      cwd: fixture,
      encoding: 'utf8',
    });
    const out = run.stdout + run.stderr;
    expect(run.status).not.toBe(0);
    expect(out).toMatch(/no-cycle: core\/parcels\/(ledger|scale)\.ts/);
    expect(out).toMatch(/front-door: core\/yards\/crane\.ts → core\/parcels\/scale\.ts/);
    expect(out.match(/front-door:/g)).toHaveLength(1); // the import through index.ts passes
  });
});
