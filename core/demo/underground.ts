// The demo county's underground: pipelines laid under its streets the way Chinese towns lay
// them (CJJ 37 cross-sections: water and power on one side, gas and telecom on the other,
// the drain in the middle, heat under main roads only), one pipe segment per street block,
// and a well at each segment end. A well takes the manhole cover of its kind standing within
// 20 m (上水/污水/雨水/电力/通讯井盖), so the county's covers and their sensors reach their pipes.
// And its muck trucks: construction sites, a disposal site at the edge of town, trucks and
// permits whose corridors follow the streets from site to tip.
import type { StreetRow } from '../base/basemap/index.js';
import type { ComponentRow } from '../base/components/index.js';
import { bboxOfPoints } from '../base/geo/index.js';
import { localFrame } from '../base/geo/index.js';
import { lineLength } from '../base/geo/index.js';
import type { PipeKind, PipelineWrite, WellWrite } from '../base/pipelines/index.js';
import type { MuckPermitRow, MuckSiteRow, MuckTruckRow } from '../channels/jt808/index.js';
import { StreetGraph } from './sim/index.js';
import type { Random } from './random.js';

interface Lane {
  kind: PipeKind;
  /** Offset from the centreline as a share of the street's width (+ left of the direction of drawing). */
  offset: number;
  diameterMm: number;
  depthM: number;
  material: string;
  owner: string;
}

const OWNERS: Record<PipeKind, string> = {
  water: '青禾县自来水有限公司',
  drainage: '青禾县市政工程管理处',
  gas: '青禾华润燃气有限公司',
  power: '国网青禾县供电公司',
  telecom: '中国电信青禾分公司',
  heat: '青禾热力有限公司',
};

const SECTIONS: Record<StreetRow['kind'], Lane[]> = {
  main: [
    { kind: 'water', offset: 0.3, diameterMm: 400, depthM: 1.4, material: '球墨铸铁', owner: OWNERS.water },
    { kind: 'drainage', offset: 0, diameterMm: 1000, depthM: 2.6, material: '钢筋混凝土', owner: OWNERS.drainage },
    { kind: 'gas', offset: -0.3, diameterMm: 250, depthM: 1.2, material: 'PE', owner: OWNERS.gas },
    { kind: 'power', offset: 0.42, diameterMm: 1000, depthM: 0.9, material: '电缆排管', owner: OWNERS.power },
    { kind: 'telecom', offset: -0.42, diameterMm: 400, depthM: 0.8, material: 'PVC', owner: OWNERS.telecom },
    { kind: 'heat', offset: 0.15, diameterMm: 500, depthM: 1.9, material: '预制保温钢管', owner: OWNERS.heat },
  ],
  secondary: [
    { kind: 'water', offset: 0.3, diameterMm: 200, depthM: 1.2, material: '球墨铸铁', owner: OWNERS.water },
    { kind: 'drainage', offset: 0, diameterMm: 600, depthM: 2.1, material: '钢筋混凝土', owner: OWNERS.drainage },
    { kind: 'gas', offset: -0.3, diameterMm: 160, depthM: 1.0, material: 'PE', owner: OWNERS.gas },
    { kind: 'power', offset: 0.42, diameterMm: 600, depthM: 0.8, material: '电缆排管', owner: OWNERS.power },
    { kind: 'telecom', offset: -0.42, diameterMm: 200, depthM: 0.7, material: 'PVC', owner: OWNERS.telecom },
  ],
  lane: [
    { kind: 'water', offset: 0.25, diameterMm: 100, depthM: 1.0, material: 'PE', owner: OWNERS.water },
    { kind: 'drainage', offset: 0, diameterMm: 400, depthM: 1.6, material: 'HDPE双壁波纹管', owner: OWNERS.drainage },
  ],
};

/** Cover classes (GB/T 30428.2) that open onto each kind of pipe. */
const COVER_CLASSES: Partial<Record<PipeKind, string[]>> = { water: ['0101'], drainage: ['0102', '0103'], power: ['0105'], telecom: ['0107', '0109'], heat: ['0110'] };
const WELL_KINDS: PipeKind[] = ['water', 'drainage', 'power', 'telecom'];
const KIND_CODE: Record<PipeKind, string> = { water: 'JS', drainage: 'PS', gas: 'RQ', power: 'DL', telecom: 'TX', heat: 'RL' };

export function planPipelines(streets: readonly StreetRow[], components: readonly Pick<ComponentRow, 'id' | 'classCode' | 'lon' | 'lat'>[], rng: Random): { pipes: PipelineWrite[]; wells: WellWrite[] } {
  const pipes: PipelineWrite[] = [];
  const wells: WellWrite[] = [];
  if (streets.length === 0) return { pipes, wells };
  const first = JSON.parse(streets[0]!.geometry) as { coordinates: [number, number][] };
  const f = localFrame(first.coordinates[0]![0], first.coordinates[0]![1]);
  // Covers by 20 m cell and class, each taken by one well at most.
  const CELL = 20;
  const covers = new Map<string, { id: string; classCode: string; x: number; y: number; taken: boolean }[]>();
  const cellKey = (x: number, y: number) => `${Math.floor(x / CELL)},${Math.floor(y / CELL)}`;
  const coverClasses = new Set(Object.values(COVER_CLASSES).flat());
  for (const c of components) {
    if (!coverClasses.has(c.classCode)) continue;
    const x = f.x(c.lon);
    const y = f.y(c.lat);
    const list = covers.get(cellKey(x, y)) ?? [];
    list.push({ id: c.id, classCode: c.classCode, x, y, taken: false });
    covers.set(cellKey(x, y), list);
  }
  const coverNear = (kind: PipeKind, x: number, y: number): string | null => {
    const classes = COVER_CLASSES[kind] ?? [];
    let best: { id: string; taken: boolean } | undefined;
    let bestD = CELL;
    const cx = Math.floor(x / CELL);
    const cy = Math.floor(y / CELL);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const c of covers.get(`${cx + dx},${cy + dy}`) ?? []) {
          const d = Math.hypot(c.x - x, c.y - y);
          if (!c.taken && classes.includes(c.classCode) && d < bestD) {
            best = c;
            bestD = d;
          }
        }
      }
    }
    if (!best) return null;
    best.taken = true;
    return best.id;
  };
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  const wellAt = new Set<string>();
  for (const street of streets) {
    const line = (JSON.parse(street.geometry) as { coordinates: [number, number][] }).coordinates.map(([lon, lat]) => [f.x(lon), f.y(lat)] as [number, number]);
    for (let k = 1; k < line.length; k++) {
      const [ax, ay] = line[k - 1]!;
      const [bx, by] = line[k]!;
      const len = Math.hypot(bx - ax, by - ay);
      if (len < 5) continue;
      // The left normal of the segment.
      const nx = -(by - ay) / len;
      const ny = (bx - ax) / len;
      for (const lane of SECTIONS[street.kind]) {
        const o = lane.offset * street.widthM;
        const coords: [number, number][] = [
          [round(f.lon(ax + nx * o)), round(f.lat(ay + ny * o))],
          [round(f.lon(bx + nx * o)), round(f.lat(by + ny * o))],
        ];
        pipes.push({
          code: `${KIND_CODE[lane.kind]}-${String(street.id).padStart(4, '0')}-${String(k).padStart(3, '0')}`,
          kind: lane.kind,
          diameterMm: lane.diameterMm,
          depthM: Math.round((lane.depthM + (rng.next() - 0.5) * 0.3) * 100) / 100,
          material: lane.material,
          owner: lane.owner,
          year: 1998 + rng.int(0, 27),
          geometry: JSON.stringify({ type: 'LineString', coordinates: coords }),
          lengthM: Math.round(lineLength(coords) * 100) / 100,
          ...bboxOfPoints(coords),
          changedDate: null,
        });
        if (!WELL_KINDS.includes(lane.kind)) continue;
        for (const [px, py] of [[ax + nx * o, ay + ny * o], [bx + nx * o, by + ny * o]] as const) {
          const key = `${lane.kind}|${Math.round(px)}|${Math.round(py)}`;
          if (wellAt.has(key)) continue;
          wellAt.add(key);
          wells.push({
            code: `${KIND_CODE[lane.kind]}J-${String(wells.length + 1).padStart(6, '0')}`,
            kind: lane.kind,
            lon: round(f.lon(px)),
            lat: round(f.lat(py)),
            depthM: Math.round((lane.depthM + 0.4) * 100) / 100,
            owner: lane.owner,
            componentId: coverNear(lane.kind, px, py),
            changedDate: null,
          });
        }
      }
    }
  }
  return { pipes, wells };
}

// ---- muck trucks ----------------------------------------------------------------------------

const COMPANIES = ['青禾城建渣土运输有限公司', '禾丰土石方工程有限公司', '青禾顺达运输有限公司'];

/** Shortest path along the streets between two nodes (Dijkstra on metres). */
function route(graph: StreetGraph, from: string, to: string): [number, number][] | undefined {
  const dist = new Map<string, number>([[from, 0]]);
  const prev = new Map<string, string>();
  const done = new Set<string>();
  const f = localFrame(graph.points.get(from)![0], graph.points.get(from)![1]);
  const metres = (a: string, b: string) => {
    const [ax, ay] = graph.points.get(a)!;
    const [bx, by] = graph.points.get(b)!;
    return Math.hypot(f.x(bx) - f.x(ax), f.y(by) - f.y(ay));
  };
  // A plain O(n²) Dijkstra: the demo's street graph has a few thousand nodes.
  const open = new Set<string>([from]);
  while (open.size) {
    let at: string | undefined;
    let best = Infinity;
    for (const n of open) {
      const d = dist.get(n)!;
      if (d < best) {
        best = d;
        at = n;
      }
    }
    if (!at || at === to) break;
    open.delete(at);
    done.add(at);
    for (const next of graph.next.get(at) ?? []) {
      if (done.has(next)) continue;
      const d = best + metres(at, next);
      if (d < (dist.get(next) ?? Infinity)) {
        dist.set(next, d);
        prev.set(next, at);
        open.add(next);
      }
    }
  }
  if (!dist.has(to)) return undefined;
  const path: [number, number][] = [];
  for (let n: string | undefined = to; n !== undefined; n = prev.get(n)) path.unshift(graph.points.get(n)!);
  return path;
}

export interface MuckPlan {
  sites: MuckSiteRow[];
  trucks: MuckTruckRow[];
  permits: MuckPermitRow[];
}

/**
 * Origin sites at the county's construction sites (工地), the disposal site (消纳场) at the
 * street node furthest from the centre, two or three trucks per site with permits along the
 * shortest street route. One truck's permit is for night hours only (20:00–06:00), as many
 * counties require: in the day the wall shows it driving outside its hours.
 */
export function planMuck(streets: readonly StreetRow[], constructionSites: readonly { name: string; lon: number; lat: number }[], centre: [number, number], now: number, rng: Random): MuckPlan {
  const empty = { sites: [], trucks: [], permits: [] };
  if (streets.length === 0 || constructionSites.length === 0) return empty;
  const graph = new StreetGraph(streets);
  const f = localFrame(centre[0], centre[1]);
  let tip: string | undefined;
  let far = -1;
  for (const [node, [lon, lat]] of graph.points) {
    const d = Math.hypot(f.x(lon), f.y(lat));
    if (d > far && (graph.next.get(node)?.length ?? 0) > 0) {
      far = d;
      tip = node;
    }
  }
  if (!tip) return empty;
  const [tipLon, tipLat] = graph.points.get(tip)!;
  const sites: MuckSiteRow[] = [{ id: 1, code: 'XN-001', name: '青禾县城东建筑垃圾消纳场', kind: 'disposal', lon: tipLon, lat: tipLat, radiusM: 120 }];
  const trucks: MuckTruckRow[] = [];
  const permits: MuckPermitRow[] = [];
  const day = (offsetDays: number) => new Date(now + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  for (const site of constructionSites.slice(0, 4)) {
    const node = graph.nearest(site.lon, site.lat);
    if (!node) continue;
    const corridor = route(graph, node, tip);
    if (!corridor || corridor.length < 2) continue;
    const [lon, lat] = graph.points.get(node)!;
    const origin: MuckSiteRow = { id: sites.length + 1, code: `GD-${String(sites.length).padStart(3, '0')}`, name: `${site.name}`, kind: 'origin', lon, lat, radiusM: 80 };
    sites.push(origin);
    const count = 2 + rng.int(0, 1);
    for (let k = 0; k < count; k++) {
      const id = trucks.length + 1;
      // 禾 is no province's plate prefix: these plates cannot be mistaken for real ones.
      const plate = `禾A·D${letters[rng.int(0, letters.length - 1)]}${String(1000 + id * 37).slice(-3)}`;
      trucks.push({
        id, plate, plateColor: 2, company: COMPANIES[(id - 1) % COMPANIES.length]!, phone: `0000000001390${String(7000000 + id).padStart(7, '0')}`,
        terminalId: null, maker: null, model: null, authCode: null, registeredAt: null, authenticatedAt: null, lon: null, lat: null, speedKmh: null, headingDeg: null, seenAt: null,
      });
      const night = id === 3;
      permits.push({
        id: permits.length + 1,
        code: `ZY-${day(0).slice(0, 4)}-${String(permits.length + 1).padStart(4, '0')}`,
        truckId: id,
        originSiteId: origin.id,
        disposalSiteId: 1,
        corridor: JSON.stringify({ type: 'LineString', coordinates: corridor }),
        bufferM: 40,
        validFrom: day(-30),
        validTo: day(60),
        dayStartMin: night ? 20 * 60 : 6 * 60,
        dayEndMin: night ? 6 * 60 : 23 * 60,
        maxSpeedKmh: 40,
        ...bboxOfPoints(corridor),
      });
    }
  }
  return { sites, trucks, permits };
}
