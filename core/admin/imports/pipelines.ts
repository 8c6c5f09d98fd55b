// Importing 地下管线: pipe segments (lines from a Shapefile/GeoJSON, or start and end points in
// an Excel/CSV table, as 管线探测 deliveries give them) and wells (points). Kinds are read the
// way deliveries write them: Chinese names or the CJJ 61 layer codes (JS 给水, PS/YS/WS 排水,
// RQ/MQ/TR 燃气, DL/LD 电力, TX/DX/DS 通信, RL/RS 热力).
import { lineLength } from '../../base/geo/index.js';
import { bboxOfPoints } from '../../base/geo/index.js';
import { PipelineStore, WellStore, type PipeKind, type PipelineWrite, type WellWrite } from '../../base/pipelines/index.js';
import type { Db } from '../../db/database.js';
import type { SourceRecord } from '../formats/index.js';
import { Duplicates, get, pointOf, compared, diff, type CheckEnv, type Checker } from './checks.js';
import { convertPoint } from './geometry.js';
import type { IssueLog } from './report.js';
import { code, num, text } from './values.js';

const KIND_WORDS: [RegExp, PipeKind][] = [
  [/^(water|js|ss|gs|给水|上水|供水|自来水|配水|输水)/i, 'water'],
  [/^(drain|sewer|storm|ps|ys|ws|hs|排水|雨水|污水|雨污|合流|下水)/i, 'drainage'],
  [/^(gas|rq|mq|tr|yh|燃气|煤气|天然气|液化)/i, 'gas'],
  [/^(power|electric|dl|gd|ld|xh|电力|供电|路灯|信号|高压|低压)/i, 'power'],
  [/^(tele|comm|tx|dx|yd|lt|ds|dt|xx|通信|通讯|电信|移动|联通|广电|有线|网络|光缆)/i, 'telecom'],
  [/^(heat|rl|rs|zq|热力|供热|暖气|热水|蒸汽)/i, 'heat'],
];

export function pipeKind(v: unknown): PipeKind | undefined {
  const t = text(v as string | number | null);
  if (t === null) return undefined;
  for (const [re, kind] of KIND_WORDS) if (re.test(t.trim())) return kind;
  return undefined;
}

/** 管径: "300", "DN300", "Φ300", "300×200" (a box culvert: its width), in millimetres. */
function diameter(v: unknown): number | null | undefined {
  const t = text(v as string | number | null);
  if (t === null) return null;
  const m = /(\d+(?:\.\d+)?)/.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 && n <= 5000 ? n : undefined;
}

/** 建设年代: 2009, "2009年", "2009-05-01". */
function year(v: unknown): number | null | undefined {
  const t = text(v as string | number | null);
  if (t === null) return null;
  const m = /^(\d{4})/.exec(t);
  const y = m ? Number(m[1]) : NaN;
  return y >= 1900 && y <= 2100 ? y : undefined;
}

function depth(rec: SourceRecord, env: CheckEnv, log: IssueLog): number | null {
  const values = ['depth', 'startDepth', 'endDepth'].map((f) => ({ f, v: num(get(rec, env, f) as never), raw: text(get(rec, env, f) as never) }));
  for (const { f, v, raw } of values) {
    if (raw !== null && (v === null || v < 0 || v > 60)) log.warn(rec.row, 'value.depth', `burial depth "${raw}" is not a depth in metres (0–60); left empty`, {}, f);
  }
  const ok = values.map((x) => x.v).filter((v): v is number => v !== null && v >= 0 && v <= 60);
  if (values[0]!.v !== null && ok.includes(values[0]!.v)) return values[0]!.v;
  return ok.length ? Math.round((ok.reduce((a, b) => a + b, 0) / ok.length) * 100) / 100 : null;
}

function kindOf(rec: SourceRecord, env: CheckEnv, log: IssueLog): PipeKind | undefined {
  const raw = text(get(rec, env, 'kind') as never);
  const kind = pipeKind(raw);
  if (!kind) {
    log.error(rec.row, 'value.kind', raw === null ? 'the pipeline kind is empty' : `pipeline kind "${raw}" is not 给水/排水/燃气/电力/通信/热力 (or JS/PS/RQ/DL/TX/RL)`, {}, 'kind');
  }
  return kind;
}

/** The line of a row: its shape (a LineString, or a MultiLineString of one part), or its start and end columns. */
function lineOf(rec: SourceRecord, env: CheckEnv, log: IssueLog): [number, number][] | undefined {
  let raw: [number, number][] | undefined;
  const g = rec.geometry;
  if (g?.type === 'LineString') raw = g.coordinates.map((p) => [p[0], p[1]]);
  else if (g?.type === 'MultiLineString' && g.coordinates.length === 1) raw = g.coordinates[0]!.map((p) => [p[0], p[1]]);
  else if (g?.type === 'MultiLineString') {
    log.error(rec.row, 'geometry.multipart', `the pipe has ${g.coordinates.length} separate parts; a pipe segment is one line`, { parts: g.coordinates.length });
    return undefined;
  } else if (g) {
    log.error(rec.row, 'geometry.type', `the shape is a ${g.type}, not a line`, { type: g.type });
    return undefined;
  } else {
    const xy = ['x1', 'y1', 'x2', 'y2'].map((f) => num(get(rec, env, f) as never));
    if (xy.some((v) => v === null)) {
      log.error(rec.row, 'geometry.missing', 'the row has no line and no start and end coordinates (起点X/Y, 终点X/Y)');
      return undefined;
    }
    raw = [[xy[0]!, xy[1]!], [xy[2]!, xy[3]!]];
  }
  const out: [number, number][] = [];
  for (const p of raw) {
    const c = convertPoint(p, env.convert, env.swap);
    if (!c.ok) {
      log.error(rec.row, c.code, c.message, c.params);
      return undefined;
    }
    const last = out[out.length - 1];
    if (!last || last[0] !== c.value[0] || last[1] !== c.value[1]) out.push(c.value);
  }
  if (out.length < 2) {
    log.error(rec.row, 'geometry.invalid', 'the pipe has fewer than two distinct points');
    return undefined;
  }
  const c = env.county;
  const margin = 0.01;
  if (c && out.some(([lon, lat]) => lon < c.west - margin || lon > c.east + margin || lat < c.south - margin || lat > c.north + margin)) {
    log.error(rec.row, 'point.outside', `the pipe runs outside the county (near ${out[0]![0].toFixed(6)}, ${out[0]![1].toFixed(6)})`, { lon: out[0]![0].toFixed(6), lat: out[0]![1].toFixed(6) });
    return undefined;
  }
  return out;
}

export function pipelineChecker(env: CheckEnv, db: Db): Checker<PipelineWrite> {
  const store = new PipelineStore(db);
  const dups = new Duplicates();
  const fields: (keyof PipelineWrite)[] = ['kind', 'diameterMm', 'depthM', 'material', 'owner', 'year', 'geometry'];
  return {
    async check(rec, log) {
      const id = code(get(rec, env, 'code') as never);
      if (id === null) {
        log.error(rec.row, 'field.missing', 'the pipe code is empty', { field: 'code' }, 'code');
        return undefined;
      }
      if (!dups.check(id, rec.row, log, 'code', 'pipe code')) return undefined;
      const kind = kindOf(rec, env, log);
      const line = lineOf(rec, env, log);
      if (!kind || !line) return undefined;
      const d = diameter(get(rec, env, 'diameter'));
      if (d === undefined) log.warn(rec.row, 'value.diameter', `diameter "${text(get(rec, env, 'diameter') as never)}" is not a size in millimetres; left empty`, {}, 'diameter');
      const y = year(get(rec, env, 'year'));
      if (y === undefined) log.warn(rec.row, 'value.year', `year "${text(get(rec, env, 'year') as never)}" is not a year; left empty`, {}, 'year');
      return {
        code: id, kind, diameterMm: d ?? null, depthM: depth(rec, env, log), material: text(get(rec, env, 'material') as never), owner: text(get(rec, env, 'owner') as never), year: y ?? null,
        geometry: JSON.stringify({ type: 'LineString', coordinates: line }), lengthM: Math.round(lineLength(line) * 100) / 100, ...bboxOfPoints(line), changedDate: env.today,
      };
    },
    finish() {},
    async compare(v) {
      const before = await store.byCode(v.code);
      return before ? compared(diff(before, v, fields)) : { kind: 'insert' };
    },
    async write(v, c) {
      if (c.kind === 'unchanged') return;
      await store.upsert(v);
      if (c.kind === 'update') await env.store.recordChange(env.jobId, 'pipeline', v.code, c.changes, env.now);
    },
  };
}

export function wellChecker(env: CheckEnv, db: Db): Checker<WellWrite> {
  const store = new WellStore(db);
  const dups = new Duplicates();
  const fields: (keyof WellWrite)[] = ['kind', 'lon', 'lat', 'depthM', 'owner', 'componentId'];
  return {
    async check(rec, log) {
      const id = code(get(rec, env, 'code') as never);
      if (id === null) {
        log.error(rec.row, 'field.missing', 'the well code is empty', { field: 'code' }, 'code');
        return undefined;
      }
      if (!dups.check(id, rec.row, log, 'code', 'well code')) return undefined;
      const kind = kindOf(rec, env, log);
      const point = pointOf(rec, env, log);
      if (!kind || !point) return undefined;
      const componentId = code(get(rec, env, 'componentId') as never);
      if (componentId !== null && !await env.store.component(componentId)) {
        log.warn(rec.row, 'component.unknown', `manhole cover ${componentId} is not a component of this county; the well is kept without it`, { id: componentId }, 'componentId');
      }
      return {
        code: id, kind, lon: point[0], lat: point[1], depthM: depth(rec, env, log), owner: text(get(rec, env, 'owner') as never),
        componentId: componentId !== null && await env.store.component(componentId) ? componentId : null, changedDate: env.today,
      };
    },
    finish() {},
    async compare(v) {
      const before = await store.byCode(v.code);
      return before ? compared(diff(before, v, fields)) : { kind: 'insert' };
    },
    async write(v, c) {
      if (c.kind === 'unchanged') return;
      await store.upsert(v);
      if (c.kind === 'update') await env.store.recordChange(env.jobId, 'well', v.code, c.changes, env.now);
    },
  };
}
