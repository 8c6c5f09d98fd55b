// Driving imports over HTTP in tests: upload files, start a job, wait for its end.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestCounty } from './support.js';

export interface Job {
  id: number;
  status: string;
  failure?: string;
  progress?: { fraction: number; phase?: 'check' | 'write' | 'apply' };
  report?: { errors: number; counts: { inserted: number; updated: number; rows: number }; written: boolean; groups: { code: string; count: number; example: string }[] };
}

export async function upload(county: TestCounty, token: string, files: string[]): Promise<{ status: number; body: { uploadId: string; files: string[] } }> {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([readFileSync(f)]), path.basename(f));
  const res = await fetch(`${county.url}/api/imports/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as never };
}

/** The files of a Shapefile layer (.shp, .shx, .dbf, .prj, .cpg) beside the .shp. */
export const partsOf = (shp: string) =>
  readdirSync(path.dirname(shp)).filter((f) => f.startsWith(path.basename(shp, '.shp'))).map((f) => path.join(path.dirname(shp), f));

export async function waitForJob(county: TestCounty, token: string, id: number, onRunning?: (job: Job) => Promise<void>): Promise<Job> {
  for (;;) {
    const job = (await county.call<Job>('GET', `/api/imports/${id}`, { token })).body;
    if (job.status !== 'running') return job;
    await onRunning?.(job);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Uploads and imports a file; throws with the report when it does not write. */
export async function importFile(county: TestCounty, token: string, target: string, files: string[], extra: Record<string, unknown> = {}): Promise<Job> {
  const up = await upload(county, token, files);
  if (up.status !== 200) throw new Error(`upload failed: ${JSON.stringify(up.body)}`);
  const start = await county.call<Job>('POST', '/api/imports', { token, body: { uploadId: up.body.uploadId, target, ...extra } });
  if (start.status !== 202) throw new Error(`start failed: ${JSON.stringify(start.body)}`);
  const job = await waitForJob(county, token, start.body.id);
  if (job.status !== 'done') throw new Error(`import of ${target} ended ${job.status}: ${job.failure ?? JSON.stringify(job.report?.groups)}`);
  return job;
}
