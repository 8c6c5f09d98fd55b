// A year of cases (案卷) ending now, as a plan: each case's attributes and its timeline of
// actions with times and actors (usernames), so the workflow engine can replay it later.
// Pure: the same input gives the same plan. Volume follows the working week, the seasons and
// the holidays; hours peak 08-11 and 14-17; places crowd round markets, schools and the old
// town; a few event classes dominate; outcomes match published county figures (most closed
// on time, ~22 % late, ~4 % rework, ~2 % extended, ~3 % returned, a few voided).
import type { Zone } from './blocks.js';
import { DAY, HOUR, MINUTE, WorkCalendar, intoWindow, localDate, localDayStart, localHour } from './history-clock.js';
import { Random, WeightedTable } from './random.js';
import type { PlannedStaff } from './staff.js';

export type CaseSource = 'inspector' | 'hotline' | 'app' | 'video' | 'iot' | 'leader' | 'media';
export type CaseState =
  | 'reported'
  | 'verifying'
  | 'accepted'
  | 'not_accepted'
  | 'not_registered'
  | 'registered'
  | 'dispatched'
  | 'disposed'
  | 'checking'
  | 'rework'
  | 'closed'
  | 'void'
  | 'return_pending'
  | 'extension_pending'
  | 'hang_pending'
  | 'hanging';

export interface PlannedAction {
  at: number;
  /** Username, or null for a citizen or the system. */
  actor: string | null;
  role: string;
  action: string;
  from: CaseState | null;
  to: CaseState;
  comment: string | null;
  data: Record<string, unknown> | null;
}

export interface PlannedCase {
  /** YYYYMMDD + 5-digit daily sequence. */
  caseNo: string;
  kind: 'component' | 'event';
  classCode: string;
  source: CaseSource;
  urgent: boolean;
  supervised: boolean;
  description: string;
  address: string;
  lon: number;
  lat: number;
  gridCode: string;
  communityCode: string;
  streetCode: string;
  componentId: string | null;
  /** What the case says is wrong with the component. */
  componentProblem: 'damaged' | 'lost' | 'occupied' | null;
  /** The department it was last dispatched to (code), or null. */
  departmentCode: string | null;
  reporter: { username: string | null; name: string | null; contact: string | null };
  reportedAt: number;
  deadlineAt: number | null;
  /** Only actions up to `now`: recent cases are still open. */
  actions: PlannedAction[];
  state: CaseState;
}

export interface HistoryGrid {
  code: string;
  communityCode: string;
  streetCode: string;
  zone: Zone;
  lon: number;
  lat: number;
  /** Addresses in the grid (door plates, else estates), for "where" in words. */
  addresses: readonly { name: string; lon: number; lat: number }[];
}

export interface HistoryComponent {
  id: string;
  classCode: string;
  gridCode: string;
  lon: number;
  lat: number;
  maintainerCode: string | null;
}

export interface HistoryInput {
  seed: string;
  count: number;
  now: number;
  grids: readonly HistoryGrid[];
  /** Busy places: grids within radius get their weight multiplied. */
  hotspots: readonly { lon: number; lat: number; radiusM: number; factor: number }[];
  metresPerDeg: { lon: number; lat: number };
  components: readonly HistoryComponent[];
  staff: readonly PlannedStaff[];
  /** Street/town code -> its office's department code. */
  streetOffices: ReadonlyMap<string, string>;
  cameras: readonly { name: string; gridCode: string | null }[];
  sensors: readonly { name: string; kind: 'water_level' | 'manhole_cover'; gridCode: string | null; componentId: string | null }[];
  /** Class names of the active standard; component and event codes overlap, so two maps. */
  classNames: { component: ReadonlyMap<string, string>; event: ReadonlyMap<string, string> };
}

// ---- data: mixes, profiles, limits, departments ------------------------------------------

const SOURCE_WEIGHTS: Record<CaseSource, number> = { inspector: 0.56, hotline: 0.15, app: 0.12, video: 0.11, iot: 0.03, leader: 0.02, media: 0.01 };

/** Reports per hour of day (0-23), by source: patrols in working hours, the public all day. */
const HOURS: Record<CaseSource | 'night', readonly number[]> = {
  inspector: [0, 0, 0, 0, 0, 0, 0.2, 1.5, 6, 9, 9, 6, 1.5, 1.2, 5, 8, 8, 5, 1.5, 0.4, 0.1, 0, 0, 0],
  hotline: [0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 0.8, 2.5, 5, 7, 7, 5.5, 3, 3, 5, 6, 6, 5, 4, 3.5, 3, 2.5, 1.5, 0.7],
  app: [0.5, 0.3, 0.2, 0.1, 0.1, 0.3, 1, 3, 4.5, 5.5, 5.5, 5, 4, 4, 4.5, 5, 5, 5, 5, 5, 4.5, 3.5, 2, 1],
  video: [0.5, 0.3, 0.2, 0.2, 0.2, 0.5, 1.5, 4, 7, 8, 8, 6, 3, 3, 6, 7.5, 7.5, 6, 3, 2, 1.5, 1, 0.7, 0.5],
  iot: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  leader: [0, 0, 0, 0, 0, 0, 0, 0.5, 3, 5, 5, 3, 0.5, 0.5, 3, 5, 5, 3, 1, 0.5, 0.2, 0, 0, 0],
  media: [0, 0, 0, 0, 0, 0, 0.5, 1, 3, 4, 4, 3, 2, 2, 3, 4, 4, 3, 2, 2, 1, 0.5, 0, 0],
  // Barbecues and noise happen at night, whoever reports them.
  night: [3, 2, 1, 0.3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 2, 4, 5, 5, 5, 4],
};
const NIGHT_CLASSES = new Set(['0510', '0508']);

/** Event classes: weight, and per-month multipliers where the season matters. */
const EVENT_MIX: readonly [code: string, weight: number][] = [
  ['0505', 17], ['0102', 12], ['0201', 11], ['0504', 9], ['0501', 6], ['0506', 5], ['0507', 5], ['0104', 4],
  ['0103', 2.5], ['0202', 2], ['0203', 1.2], ['0204', 0.8], ['0508', 1.2], ['0510', 1.5], ['0302', 1.2], ['0301', 1],
  ['0101', 1], ['0106', 1], ['0107', 0.6], ['0108', 0.8], ['0109', 0.4], ['0105', 0.4], ['0404', 0.8], ['0406', 0.6],
  ['0407', 0.1], ['0401', 0.05], ['0402', 0.15], ['0403', 0.03], ['0502', 0.4], ['0503', 0.5], ['0509', 0.5],
  ['0511', 0.8], ['0513', 0.3], ['0110', 0.8], ['0112', 0.6], ['0116', 0.3], ['0303', 0.5], ['0304', 0.6],
  ['0305', 0.2], ['0199', 0.3], ['0599', 0.4],
];
const SEASON: Readonly<Record<string, readonly number[]>> = {
  // Jan..Dec
  '0510': [0.3, 0.3, 0.5, 0.8, 1.3, 2, 2.6, 2.6, 1.8, 1, 0.5, 0.3],
  '0406': [0.2, 0.3, 1, 2.5, 3.5, 4, 2, 1.5, 0.8, 0.3, 0.2, 0.2],
  '0407': [6, 4, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.5, 1],
  '0302': [1.3, 1.2, 1.1, 0.9, 0.8, 0.6, 0.6, 0.7, 0.9, 1.2, 1.4, 1.4],
  '0105': [0.6, 0.6, 0.8, 1, 1.2, 1.6, 1.6, 1.4, 1.1, 0.9, 0.7, 0.6],
  '0109': [2.5, 2, 1, 0.6, 0.5, 0.5, 0.5, 0.5, 0.6, 1, 1.5, 2.5],
};

/** Component classes in damage cases, by weight. */
const COMPONENT_MIX: readonly [code: string, weight: number][] = [
  ['0118', 18], ['0103', 12], ['0104', 12], ['0102', 10], ['0402', 10], ['0305', 8], ['0101', 5], ['0211', 5],
  ['0117', 4], ['0209', 4], ['0105', 3], ['0107', 3], ['0403', 3], ['0111', 2], ['0203', 2], ['0408', 2],
  ['0126', 2], ['0114', 1], ['0407', 1], ['0301', 1], ['0307', 1], ['0501', 1], ['0212', 1],
];
const COMPONENT_SHARE = 0.15;
const COVER_CLASSES = new Set(['0101', '0102', '0103', '0104', '0105', '0107', '0111', '0114']);

/** Sources favour some classes: video sees the street, the public hears the noise. */
const SOURCE_AFFINITY: Partial<Record<CaseSource, Readonly<Record<string, number>>>> = {
  video: { '0505': 4, '0504': 3, '0501': 3, '0506': 2.5, '0102': 1.5, '0507': 1.5, '0510': 2, '0509': 2 },
  hotline: { '0508': 5, '0301': 5, '0510': 3, '0116': 4, '0404': 3, '0402': 3, '0406': 2, '0101': 2 },
  app: { '0505': 1.5, '0102': 1.5, '0508': 3, '0301': 3, '0510': 2, '0106': 2 },
  leader: { '0101': 6, '0103': 4, '0302': 4, '0110': 3 },
  media: { '0302': 6, '0104': 3, '0105': 4, '0101': 3 },
};

/** Where each zone draws cases, and classes that belong to particular zones. */
const ZONE_WEIGHT: Record<Zone, number> = {
  oldTown: 3, market: 8, centre: 2.2, school: 2.5, hospital: 3, residential: 1, industrial: 0.5, river: 0.15,
  riverPark: 0.8, park: 1.2, plaza: 2.5, government: 1.5, construction: 2,
};
const CLASS_ZONES: Readonly<Record<string, Partial<Record<Zone, number>>>> = {
  '0105': { river: 40, riverPark: 10 },
  '0106': { park: 10, riverPark: 8 },
  '0301': { construction: 40 },
  '0302': { construction: 40 },
  '0303': { construction: 40 },
  '0304': { construction: 30 },
  '0305': { construction: 20 },
  '0501': { market: 3, school: 2 },
  '0503': { market: 2, oldTown: 2 },
  '0504': { market: 3, oldTown: 2 },
  '0510': { oldTown: 2, market: 2 },
  '0108': { residential: 1.5, oldTown: 2 },
  '0507': { oldTown: 2 },
  '0116': { oldTown: 3, centre: 2 },
  '0505': { centre: 2, hospital: 2.5, school: 1.5 },
  '0112': { industrial: 3 },
  '0103': { industrial: 2 },
};

/** Time limits (处置时限) for the demo: working hours, or clock hours for urgent classes. */
const LIMITS: Readonly<Record<string, { hours: number; clock?: true }>> = {
  '0505': { hours: 2 }, '0501': { hours: 2 }, '0506': { hours: 2 }, '0510': { hours: 2 }, '0509': { hours: 2 },
  '0504': { hours: 4 }, '0508': { hours: 4 }, '0406': { hours: 4 }, '0104': { hours: 5 },
  '0102': { hours: 8 }, '0201': { hours: 8 }, '0507': { hours: 8 }, '0203': { hours: 8 }, '0301': { hours: 8 },
  '0108': { hours: 16 }, '0302': { hours: 16 }, '0404': { hours: 16 }, '0202': { hours: 24 },
  '0103': { hours: 32 }, '0107': { hours: 40 }, '0110': { hours: 40 }, '0101': { hours: 120 },
  '0401': { hours: 2, clock: true }, '0402': { hours: 4, clock: true }, '0403': { hours: 2, clock: true },
};
const DEFAULT_EVENT_LIMIT = { hours: 8 };
const COMPONENT_LIMIT = { hours: 24 };
// 泉州-style rule for a missing cover: restore within 3 hours.
const LOST_COVER_LIMIT = { hours: 3, clock: true as const };

/** Who disposes each event class ('street': the office of the street/town it happened in). */
const EVENT_DEPARTMENT: Readonly<Record<string, string>> = {
  '0101': 'CGJ', '0102': 'HWS', '0103': 'HWS', '0104': 'HWS', '0105': 'SLJ', '0106': 'YLS', '0107': 'JJDD',
  '0108': 'HWS', '0109': 'YLS', '0110': 'SZS', '0111': 'SLJ', '0112': 'HWS', '0113': 'street', '0114': 'SLJ',
  '0115': 'HWS', '0116': 'STHJ', '0117': 'HWS', '0118': 'street', '0199': 'street',
  '0201': 'street', '0202': 'CGJ', '0203': 'CGJ', '0204': 'street', '0205': 'CGJ', '0299': 'CGJ',
  '0301': 'ZJJ', '0302': 'ZJJ', '0303': 'ZJJ', '0304': 'CGJ', '0305': 'SZS', '0399': 'ZJJ',
  '0401': 'SZS', '0402': 'GSGS', '0403': 'RQGS', '0404': 'SZS', '0405': 'SZS', '0406': 'SZS', '0407': 'SZS',
  '0408': 'GDGS', '0409': 'GAJ', '0499': 'CGJ',
  '0501': 'street', '0502': 'MZJ', '0503': 'street', '0504': 'street', '0505': 'JJDD', '0506': 'street',
  '0507': 'street', '0508': 'CGJ', '0509': 'JTJ', '0510': 'street', '0511': 'street', '0512': 'SCJG',
  '0513': 'street', '0599': 'street', '0699': 'CGJ',
};

const DESCRIPTIONS: Readonly<Record<string, readonly string[]>> = {
  '0505': ['{addr}有机动车停放在人行道上，影响行人通行', '{addr}多辆机动车乱停放，占用盲道', '{addr}机动车违停堵塞消防通道'],
  '0102': ['{addr}路边有暴露垃圾，未及时清运', '{addr}垃圾桶旁堆放生活垃圾', '{addr}绿化带内有成堆垃圾'],
  '0201': ['{addr}墙面、电杆上张贴非法小广告', '{addr}有人喷涂办证小广告', '{addr}公交站亭贴满小广告'],
  '0504': ['{addr}商户占用人行道摆放商品经营', '{addr}店外经营，占道摆卖', '{addr}餐饮店外摆桌椅经营'],
  '0501': ['{addr}有流动摊贩占道经营', '{addr}无照游商沿街叫卖', '{addr}学校门口有流动摊点'],
  '0506': ['{addr}非机动车乱停放，堵塞人行道', '{addr}共享单车成堆摆放'],
  '0507': ['{addr}有建材杂物乱堆放', '{addr}人行道上堆放杂物'],
  '0104': ['{addr}路面有泥沙、污渍，保洁不到位', '{addr}路面油污未清理'],
  '0103': ['{addr}积存建筑垃圾渣土未清运'],
  '0510': ['{addr}夜间有露天烧烤，油烟扰民'],
  '0508': ['{addr}商户使用高音喇叭招揽生意，噪音扰民'],
  '0302': ['{addr}工地未覆盖裸土，扬尘严重', '{addr}工地出入口车辆未冲洗，扬尘'],
  '0301': ['{addr}工地夜间施工，噪音扰民'],
  '0406': ['{addr}路面积水较深，影响通行'],
  '0404': ['{addr}下水道堵塞，污水外溢'],
  '0101': ['{addr}有人私自搭建棚屋', '{addr}楼顶违规加建'],
  '0202': ['{addr}违规悬挂广告横幅'],
  '0106': ['{addr}绿地内垃圾较多，脏乱'],
};

const PROBLEMS = {
  damaged: ['破损', '松动', '损坏'],
  lost: ['丢失，存在安全隐患'],
  occupied: ['被占用'],
} as const;

// ---- the plan --------------------------------------------------------------------------

interface Actors {
  inspectorOf: Map<string, PlannedStaff>;
  acceptors: PlannedStaff[];
  shiftLeaders: PlannedStaff[];
  dispatchers: PlannedStaff[];
  departmentUser: Map<string, string>;
}

export function planHistory(input: HistoryInput): PlannedCase[] {
  const rng = new Random(`${input.seed}/history`);
  const calendar = new WorkCalendar();
  const actors = actorsOf(input.staff);
  const days = dayWeights(input.now, calendar);
  const totalWeight = days.reduce((sum, d) => sum + d.weight, 0);

  const eventTables = new Map<CaseSource, WeightedTable<string>>();
  for (const source of Object.keys(SOURCE_WEIGHTS) as CaseSource[]) {
    const affinity = SOURCE_AFFINITY[source] ?? {};
    eventTables.set(source, new WeightedTable(EVENT_MIX.map(([c]) => c), EVENT_MIX.map(([c, w]) => w * (affinity[c] ?? 1))));
  }
  const componentTable = new WeightedTable(COMPONENT_MIX.map(([c]) => c), COMPONENT_MIX.map(([, w]) => w));
  const byClass = new Map<string, HistoryComponent[]>();
  const componentById = new Map(input.components.map((c) => [c.id, c]));
  for (const c of input.components) {
    if (!byClass.has(c.classCode)) byClass.set(c.classCode, []);
    byClass.get(c.classCode)!.push(c);
  }
  const gridWeights = input.grids.map((g) => gridWeight(g, input));
  const gridTables = new Map<string, WeightedTable<HistoryGrid>>();
  const gridTableFor = (classCode: string) => {
    let table = gridTables.get(classCode);
    if (!table) {
      const zones = CLASS_ZONES[classCode] ?? {};
      table = new WeightedTable(input.grids, input.grids.map((g, k) => gridWeights[k]! * (zones[g.zone] ?? 1)));
      gridTables.set(classCode, table);
    }
    return table;
  };
  const gridByCode = new Map(input.grids.map((g) => [g.code, g]));
  const hourTables = new Map(Object.entries(HOURS).map(([k, v]) => [k, new WeightedTable([...v.keys()], [...v])]));
  const sourceTable = (weekend: boolean) =>
    new WeightedTable(
      Object.keys(SOURCE_WEIGHTS) as CaseSource[],
      Object.entries(SOURCE_WEIGHTS).map(([s, w]) => (weekend && (s === 'inspector' || s === 'leader') ? w * 0.55 : w)),
    );
  const weekdaySources = sourceTable(false);
  const weekendSources = sourceTable(true);
  const cameras = input.cameras.filter((c) => c.gridCode !== null && gridByCode.has(c.gridCode));

  const cases: Omit<PlannedCase, 'caseNo'>[] = [];
  for (const day of days) {
    const count = rng.poisson((input.count * day.weight) / totalWeight);
    for (let n = 0; n < count; n++) {
      const source = (day.work ? weekdaySources : weekendSources).draw(rng);
      const month = new Date(day.start + 8 * HOUR).getUTCMonth();
      let kind: 'component' | 'event' = rng.chance(source === 'iot' ? 0.5 : COMPONENT_SHARE) ? 'component' : 'event';
      let classCode = kind === 'component' ? componentTable.draw(rng) : drawSeasonal(eventTables.get(source)!, month, rng);
      const hours = hourTables.get(NIGHT_CLASSES.has(classCode) ? 'night' : source)!;
      const reportedAt = day.start + hours.draw(rng) * HOUR + rng.int(0, 3599) * 1000;
      if (reportedAt >= input.now) continue;

      // Where: a component's own place, a camera's view, a sensor, or a weighted grid.
      let component: HistoryComponent | undefined;
      let grid: HistoryGrid | undefined;
      let reporterName: string | null = null;
      if (source === 'iot' && input.sensors.length > 0) {
        const sensor = rng.pick(input.sensors);
        reporterName = sensor.name;
        if (sensor.kind === 'manhole_cover' && sensor.componentId) {
          component = componentById.get(sensor.componentId);
        } else {
          kind = 'event';
          classCode = '0406';
          grid = sensor.gridCode ? gridByCode.get(sensor.gridCode) : undefined;
        }
      }
      if (kind === 'component') {
        component ??= pickOf(byClass.get(classCode), rng);
        if (!component) continue;
        classCode = component.classCode;
        grid = gridByCode.get(component.gridCode);
      } else if (source === 'video' && cameras.length > 0 && !grid) {
        const camera = rng.pick(cameras);
        reporterName = `视频巡查：${camera.name}`;
        grid = gridByCode.get(camera.gridCode!);
      }
      grid ??= gridTableFor(classCode).draw(rng);
      if (!grid) continue;

      const place = component ? nearest(grid.addresses, component.lon, component.lat) : pickOf(grid.addresses, rng);
      const address = place ? `${place.name}附近` : `${grid.code}号网格`;
      const lon = component?.lon ?? place?.lon ?? grid.lon;
      const lat = component?.lat ?? place?.lat ?? grid.lat;
      const problem: keyof typeof PROBLEMS = component ? (COVER_CLASSES.has(classCode) && rng.chance(source === 'iot' ? 0.6 : 0.12) ? 'lost' : rng.chance(0.06) ? 'occupied' : 'damaged') : 'damaged';
      const limit = component ? (problem === 'lost' ? LOST_COVER_LIMIT : COMPONENT_LIMIT) : (LIMITS[classCode] ?? DEFAULT_EVENT_LIMIT);
      const urgent = (limit as { clock?: boolean }).clock === true || rng.chance(0.01);
      const className = input.classNames[kind].get(classCode) ?? classCode;
      const description = component
        ? `${address}${className}${rng.pick(PROBLEMS[problem])}（部件编号${component.id}）`
        : rng.pick(DESCRIPTIONS[classCode] ?? ['{addr}发现“{name}”问题，请处置']).replace('{addr}', address).replace('{name}', className);
      const office = input.streetOffices.get(grid.streetCode) ?? 'CGJ';
      const department = component ? (component.maintainerCode ?? 'CGJ') : resolveDepartment(EVENT_DEPARTMENT[classCode] ?? 'street', office);
      const inspector = actors.inspectorOf.get(grid.code) ?? actors.inspectorOf.values().next().value!;
      const reporter = reporterOf(source, inspector, reporterName, rng);

      const timeline = planTimeline({ source, reportedAt, limit, urgent, department, office, inspector: inspector.username, calendar, actors, rng });
      const actions = timeline.actions.filter((a) => a.at <= input.now);
      const dispatch = actions.filter((a) => a.action === 'dispatch' || a.action === 'redispatch').at(-1);
      cases.push({
        kind,
        classCode,
        source,
        urgent,
        supervised: actions.some((a) => a.action === 'supervise'),
        description,
        address,
        lon,
        lat,
        gridCode: grid.code,
        communityCode: grid.communityCode,
        streetCode: grid.streetCode,
        componentId: component?.id ?? null,
        componentProblem: component ? problem : null,
        departmentCode: (dispatch?.data?.department as string | undefined) ?? null,
        reporter,
        reportedAt,
        deadlineAt: dispatch ? timeline.deadlineAfter(dispatch.at) : null,
        actions,
        state: actions.at(-1)!.to,
      });
    }
  }

  // Case numbers: the local report date and a daily sequence, in report order.
  cases.sort((a, b) => a.reportedAt - b.reportedAt);
  const perDay = new Map<string, number>();
  return cases.map((c) => {
    const date = localDate(c.reportedAt).replaceAll('-', '');
    const seq = (perDay.get(date) ?? 0) + 1;
    perDay.set(date, seq);
    return { caseNo: `${date}${String(seq).padStart(5, '0')}`, ...c };
  });
}

function actorsOf(staff: readonly PlannedStaff[]): Actors {
  const inspectorOf = new Map<string, PlannedStaff>();
  const departmentUser = new Map<string, string>();
  for (const s of staff) {
    if (s.roles.includes('inspector')) for (const g of s.gridCodes) inspectorOf.set(g, s);
    if (s.roles.includes('department') && s.departmentCode) departmentUser.set(s.departmentCode, s.username);
  }
  const withRole = (role: string) => staff.filter((s) => s.roles.includes(role as PlannedStaff['roles'][number]));
  return { inspectorOf, acceptors: withRole('acceptor'), shiftLeaders: withRole('shift_leader'), dispatchers: withRole('dispatcher'), departmentUser };
}

/** One weight per local day of the past year: fewer on weekends and holidays, more in summer. */
function dayWeights(now: number, calendar: WorkCalendar): { start: number; weight: number; work: boolean }[] {
  const days: { start: number; weight: number; work: boolean }[] = [];
  const today = localDayStart(now);
  for (let k = 365; k >= 0; k--) {
    const start = today - k * DAY;
    const work = calendar.isWorkday(start);
    const holiday = calendar.holidayName(start);
    const dayOfYear = (start - Date.UTC(new Date(start).getUTCFullYear(), 0, 1)) / DAY;
    const season = 1 + 0.15 * Math.sin((2 * Math.PI * (dayOfYear - 100)) / 365);
    const weight = season * (holiday.startsWith('Spring Festival') ? 0.3 : work ? 1 : 0.55) * (k === 0 ? (now - start) / DAY : 1);
    days.push({ start, weight, work });
  }
  return days;
}

/** Draws from the base mix, keeping seasonal classes in proportion to their month's factor. */
function drawSeasonal(table: WeightedTable<string>, month: number, rng: Random): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = table.draw(rng);
    const season = SEASON[code];
    if (!season || rng.next() * Math.max(...season) < season[month]!) return code;
  }
  return table.draw(rng);
}

function gridWeight(grid: HistoryGrid, input: HistoryInput): number {
  let weight = ZONE_WEIGHT[grid.zone];
  for (const h of input.hotspots) {
    const d = Math.hypot((grid.lon - h.lon) * input.metresPerDeg.lon, (grid.lat - h.lat) * input.metresPerDeg.lat);
    if (d < h.radiusM) weight *= h.factor;
  }
  return weight;
}

function resolveDepartment(code: string, office: string): string {
  return code === 'street' ? office : code;
}

function pickOf<T>(items: readonly T[] | undefined, rng: Random): T | undefined {
  return items && items.length > 0 ? rng.pick(items) : undefined;
}

function nearest<T extends { lon: number; lat: number }>(items: readonly T[], lon: number, lat: number): T | undefined {
  let best: T | undefined;
  let bestD = Infinity;
  for (const item of items) {
    const d = (item.lon - lon) ** 2 + (item.lat - lat) ** 2;
    if (d < bestD) {
      bestD = d;
      best = item;
    }
  }
  return best;
}

function reporterOf(source: CaseSource, inspector: PlannedStaff, reporterName: string | null, rng: Random): PlannedCase['reporter'] {
  const masked = () => `1${rng.pick(['3', '5', '8'])}${rng.int(0, 9)}****${String(rng.int(0, 9999)).padStart(4, '0')}`;
  switch (source) {
    case 'inspector':
      return { username: inspector.username, name: inspector.displayName, contact: null };
    case 'hotline':
      return { username: null, name: `${rng.pick(['王', '李', '张', '刘', '陈', '杨', '黄', '周'])}${rng.pick(['先生', '女士'])}`, contact: masked() };
    case 'app':
      return { username: null, name: '市民通用户', contact: masked() };
    case 'video':
      return { username: null, name: reporterName ?? '视频巡查', contact: null };
    case 'iot':
      return { username: null, name: reporterName ?? '物联感知', contact: null };
    case 'leader':
      return { username: null, name: '县领导批示', contact: null };
    case 'media':
      return { username: null, name: rng.pick(['青禾县融媒体中心', '青禾日报']), contact: null };
  }
}

interface TimelineInput {
  source: CaseSource;
  reportedAt: number;
  limit: { hours: number; clock?: true };
  urgent: boolean;
  department: string;
  office: string;
  inspector: string;
  calendar: WorkCalendar;
  actors: Actors;
  rng: Random;
}

/** The full life of one case (before cutting at `now`), and its deadline after a dispatch. */
function planTimeline(p: TimelineInput): { actions: PlannedAction[]; deadlineAfter(dispatchAt: number): number } {
  const { rng, calendar, actors } = p;
  const actions: PlannedAction[] = [];
  let state: CaseState | null = null;
  let t = p.reportedAt;
  const minutes = (lo: number, hi: number) => rng.range(lo, hi) * MINUTE;
  // The centre is on duty 07:00-22:00 (its dispatchers 08:00-18:00, so the evening's cases wait
  // in 待派遣 for the morning); inspectors patrol 08:00-18:00.
  const centre = (at: number) => intoWindow(at, 7, 22, minutes(0, 40));
  const dispatchDesk = (at: number) => intoWindow(at, 8, 18, minutes(0, 30));
  const field = (at: number) => intoWindow(at, 8, 18, minutes(10, 90));
  // Two shifts a day (07-15, 15-22), rotating through the people in each role.
  const onShift = (list: PlannedStaff[], at: number) => {
    const turn = Math.floor(localDayStart(at) / DAY) * 2 + (localHour(at) < 15 ? 0 : 1);
    return list.length === 0 ? null : list[turn % list.length]!.username;
  };
  const act = (at: number, actor: string | null, role: string, action: string, to: CaseState, comment: string | null = null, data: Record<string, unknown> | null = null) => {
    const when = Math.round(at);
    actions.push({ at: when, actor, role, action, from: state, to, comment, data });
    state = to;
    t = when;
  };
  const deadlines = new Map<number, number>();
  const limitFrom = (at: number) => (p.limit.clock ? at + p.limit.hours * HOUR : calendar.addWorkingHours(at, p.limit.hours));
  const result = () => ({ actions, deadlineAfter: (at: number) => deadlines.get(at) ?? limitFrom(at) });

  // 信息收集
  const publicReport = p.source === 'hotline' || p.source === 'app' || p.source === 'leader' || p.source === 'media';
  if (p.source === 'inspector') act(t, p.inspector, 'inspector', 'report', 'reported');
  else if (p.source === 'app' || p.source === 'iot') act(t, null, p.source === 'app' ? 'citizen' : 'system', 'report', 'reported');
  else act(t, onShift(actors.acceptors, t), 'acceptor', 'report', 'reported');

  if (publicReport) {
    act(centre(t + minutes(2, 15)), onShift(actors.acceptors, t), 'acceptor', 'send_verify', 'verifying');
    const found = rng.chance(0.95);
    act(field(t + minutes(20, 120)), p.inspector, 'inspector', 'verify', 'verifying', found ? '现场核实，情况属实' : '现场核实，未发现所报问题', { found });
    if (!found) {
      act(centre(t + minutes(3, 20)), onShift(actors.acceptors, t), 'acceptor', 'not_accept', 'not_accepted', '经核实问题不存在，不予受理');
      return result();
    }
    act(centre(t + minutes(3, 20)), onShift(actors.acceptors, t), 'acceptor', 'accept', 'accepted');
  } else {
    if ((p.source === 'video' || p.source === 'iot') && rng.chance(0.03)) {
      act(centre(t + minutes(2, 20)), onShift(actors.acceptors, t), 'acceptor', 'not_accept', 'not_accepted', '误报，不予受理');
      return result();
    }
    act(centre(t + minutes(2, 20)), onShift(actors.acceptors, t), 'acceptor', 'accept', 'accepted');
  }

  // 立案
  if (rng.chance(0.015)) {
    act(centre(t + minutes(3, 25)), onShift(actors.shiftLeaders, t), 'shift_leader', 'not_register', 'not_registered', rng.pick(['不符合立案条件', '重复上报', '不属于城市管理范围']));
    return result();
  }
  act(centre(t + minutes(3, 25)), onShift(actors.shiftLeaders, t), 'shift_leader', 'register', 'registered');
  if (rng.chance(0.006)) {
    act(centre(t + minutes(10, 120)), onShift(actors.shiftLeaders, t), 'shift_leader', 'void', 'void', '重复案件，作废');
    return result();
  }

  // 派遣, perhaps 回退 and 改派
  let department = p.department;
  const dispatch = (action: 'dispatch' | 'redispatch', comment: string | null = null) => {
    act(dispatchDesk(t + minutes(2, 15)), onShift(actors.dispatchers, t), 'dispatcher', action, 'dispatched', comment, { department });
    deadlines.set(t, limitFrom(t));
    return t;
  };
  let dispatchedAt = dispatch('dispatch');
  if (rng.chance(0.03)) {
    // The department asks; a dispatcher approves within hours (the request waits in 待审批).
    act(calendar.addWorkingHours(t, rng.range(0.3, 4)), actors.departmentUser.get(department) ?? null, 'department', 'return', 'return_pending', '非本单位职责，申请回退');
    act(dispatchDesk(calendar.addWorkingHours(t, rng.range(0.2, 3))), onShift(actors.dispatchers, t), 'dispatcher', 'return_approve', 'registered', '同意回退，另行派遣');
    department = department === p.office ? 'CGJ' : p.office;
    dispatchedAt = dispatch('dispatch', '回退后改派');
  }
  const departmentUser = actors.departmentUser.get(department) ?? null;
  let deadline = deadlines.get(dispatchedAt)!;

  // 处置: most on time, some late (and pressed: 督办); now and then 延期 first, which moves the deadline.
  const extraHours = !p.urgent && rng.chance(0.023) ? rng.pick([8, 16, 24, 40]) : 0;
  // A few cases drag on for days or weeks (engineering work, a unit that does not answer).
  const slow = !p.urgent && rng.chance(0.04);
  const late = slow || rng.chance(0.18);
  const budget = p.limit.hours + extraHours;
  const share = slow ? rng.range(3, 12) : late ? rng.range(1.05, 2.5) : extraHours > 0 ? rng.range(0.6, 0.98) : rng.range(0.15, 0.95);
  const planned = p.limit.clock ? dispatchedAt + share * budget * HOUR : calendar.addWorkingHours(dispatchedAt, share * budget);
  let disposedAt = Math.max(planned, t + 2 * MINUTE);
  if (extraHours > 0) {
    // The department that holds the case asks; a dispatcher approves some working hours later
    // (the request waits in 待审批 until then), before the disposal.
    const askedAt = t + (disposedAt - t) * rng.range(0.1, 0.35);
    act(askedAt, departmentUser, 'department', 'extend', 'extension_pending', '工程量大，申请延期', { hours: extraHours });
    const approvedAt = Math.max(askedAt + MINUTE, Math.min(dispatchDesk(calendar.addWorkingHours(askedAt, rng.range(0.5, 6))), disposedAt - MINUTE));
    act(approvedAt, onShift(actors.dispatchers, approvedAt), 'dispatcher', 'extend_approve', 'dispatched', '同意延期', { hours: extraHours });
    deadline = calendar.addWorkingHours(deadline, extraHours);
    deadlines.set(dispatchedAt, deadline);
  }
  // Now and then a case is suspended (挂账) for days: waiting for the weather, a works programme,
  // another authority. The clock stops while it hangs; the disposal follows the resumption.
  let hung = false;
  if (!p.urgent && extraHours === 0 && rng.chance(0.006)) {
    hung = true;
    const askedAt = t + (disposedAt - t) * rng.range(0.1, 0.3);
    act(askedAt, departmentUser, 'department', 'hang', 'hang_pending', rng.pick(['需待天气好转后施工，申请挂账', '需列入维修计划统一实施，申请挂账', '涉及产权争议，待相关部门认定，申请挂账']));
    act(dispatchDesk(calendar.addWorkingHours(askedAt, rng.range(0.5, 4))), onShift(actors.dispatchers, t), 'dispatcher', 'hang_approve', 'hanging', '同意挂账');
    act(dispatchDesk(t + rng.range(3, 25) * DAY), onShift(actors.dispatchers, t), 'dispatcher', 'hang_resume', 'dispatched', '条件具备，恢复处置');
    disposedAt = calendar.addWorkingHours(t, rng.range(1, Math.max(2, p.limit.hours)));
  }
  const superviseAt = Math.min(deadline + minutes(30, 120), disposedAt - MINUTE);
  if (late && !hung && superviseAt > t && rng.chance(0.4)) act(superviseAt, onShift(actors.dispatchers, superviseAt), 'dispatcher', 'supervise', 'dispatched', '已超时，督办');
  act(disposedAt, departmentUser, 'department', 'dispose', 'disposed', '已处置完毕');

  // 核查 and 结案, with 返工 when the check fails.
  for (let round = 0; ; round++) {
    act(centre(t + minutes(5, 45)), onShift(actors.acceptors, t), 'acceptor', 'send_check', 'checking');
    const passed = round > 0 || rng.chance(0.9575);
    // Usually checked within hours; sometimes the inspector gets there a day or three later.
    const checkAt = field(t + (rng.chance(0.08) ? rng.range(1, 3) * DAY : minutes(20, 180)));
    if (passed) {
      act(checkAt, p.inspector, 'inspector', 'check', 'checking', '现场核查，已处置到位', { passed: true });
      act(centre(t + minutes(3, 30)), onShift(actors.shiftLeaders, t), 'shift_leader', 'close', 'closed');
      return result();
    }
    act(checkAt, p.inspector, 'inspector', 'check', 'rework', '现场核查，处置不到位，返工', { passed: false });
    const redispatchedAt = dispatch('redispatch', '返工');
    act(calendar.addWorkingHours(redispatchedAt, rng.range(0.2, 0.6) * p.limit.hours), departmentUser, 'department', 'dispose', 'disposed', '已重新处置');
  }
}
