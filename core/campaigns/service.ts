// 专项普查 / 专项整治: the centre runs a survey or a clean-up of some classes of problem over an
// area for weeks. Setting one up resolves its area to grids and gives each grid to one of the
// campaign's inspectors (the grid's own inspector when they take part, else the least loaded);
// inspectors see their grids through the field API, file reports under the campaign (tagged)
// and mark a grid walked; progress is counted from the tasks and the tagged cases' states.
import type { AuthStore } from '../base/people/index.js';
import type { InspectorStore } from '../base/people/index.js';
import type { DictionaryStore } from '../base/dictionary/index.js';
import type { GridStore } from '../base/grids/index.js';
import { pointInPolygon, type Ring } from '../base/geo/index.js';
import type { CampaignDetail, CampaignInput, CampaignProgress, CampaignState, CampaignSummary, FieldCampaignTask } from '../contract/campaigns.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../runtime/clock.js';
import { badRequest, notFound } from '../runtime/errors.js';
import type { EventHub } from '../server/events.js';
import type { CalendarService } from '../workflow/calendar/index.js';
import { STATE_LABELS, type CaseState } from '../workflow/cases/index.js';
import type { CampaignRow, CampaignStore } from './store.js';

const DAY_MS = 86_400_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const pct = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 10000) / 100 : null);

export interface CampaignDeps {
  db: Db;
  store: CampaignStore;
  grids: GridStore;
  dictionary: DictionaryStore;
  inspectors: InspectorStore;
  auth: AuthStore;
  calendars: CalendarService;
  clock: Clock;
  events?: EventHub;
}

export class CampaignService {
  constructor(private readonly deps: CampaignDeps) {}

  stateOf(row: Pick<CampaignRow, 'startsAt' | 'endsAt' | 'closedAt'>, now = this.deps.clock.now()): CampaignState {
    if (row.closedAt !== null) return 'closed';
    if (now < row.startsAt) return 'planned';
    return now < row.endsAt ? 'active' : 'ended';
  }

  private async classes(row: CampaignRow): Promise<{ key: string; name: string }[]> {
    const standard = (await this.deps.dictionary.activeStandard())?.id ?? '';
    return (await Promise.all((JSON.parse(row.classes) as string[]).map(async (key) => {
      const [kind, code] = key.split(':') as ['component' | 'event', string];
      return { key, name: (await this.deps.dictionary.get(standard, kind, code))?.name ?? code };
    })));
  }

  async progress(row: CampaignRow): Promise<CampaignProgress> {
    const c = await this.deps.store.counts(row.id);
    const coverage = pct(c.gridsCovered, c.gridsTotal) ?? 0;
    const closeRate = pct(c.closed, c.found);
    return {
      ...c,
      coverage,
      closeRate,
      targets: { coverage: row.targetCoverage, closeRate: row.targetCloseRate },
      met: { coverage: coverage >= row.targetCoverage, closeRate: closeRate !== null && closeRate >= row.targetCloseRate },
    };
  }

  async summary(row: CampaignRow): Promise<CampaignSummary> {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      state: this.stateOf(row),
      classes: await this.classes(row),
      startsAt: iso(row.startsAt)!,
      endsAt: iso(row.endsAt)!,
      closedAt: iso(row.closedAt),
      progress: await this.progress(row),
    };
  }

  async get(id: number): Promise<CampaignRow> {
    const row = await this.deps.store.get(id);
    if (!row) throw notFound(`no campaign ${id} (专项不存在)`);
    return row;
  }

  async detail(id: number): Promise<CampaignDetail> {
    const row = await this.get(id);
    const { store, auth } = this.deps;
    const grids = await store.grids(id);
    const cases = await store.cases(id);
    const names = new Map<number, string>();
    const nameOf = async (userId: number | null) => {
      if (userId === null) return null;
      if (!names.has(userId)) names.set(userId, (await auth.userById(userId))?.displayName ?? `#${userId}`);
      return names.get(userId)!;
    };
    const inspectors = (await Promise.all((await store.inspectors(id)).map(async (userId) => {
      const own = grids.filter((g) => g.inspectorId === userId);
      return { id: userId, name: (await nameOf(userId))!, grids: own.length, covered: own.filter((g) => g.coveredAt !== null).length, found: own.reduce((s, g) => s + g.found, 0) };
    })));
    return {
      ...await this.summary(row),
      description: row.description,
      areaPolygon: row.areaPolygon ? (JSON.parse(row.areaPolygon) as CampaignDetail['areaPolygon']) : null,
      inspectors,
      grids: (await Promise.all(grids.map(async (g) => ({ code: g.gridCode, inspectorId: g.inspectorId, inspectorName: await nameOf(g.inspectorId), coveredAt: iso(g.coveredAt), found: g.found, closed: g.closed, centerLon: g.centerLon, centerLat: g.centerLat })))),
      cases: cases.map((c) => ({ ...c, reportedAt: iso(c.reportedAt)!, stateLabel: STATE_LABELS[c.state as CaseState] ?? { zh: c.state, en: c.state } })),
    };
  }

  async list(q: string | null, openOnly: boolean, limit: number, offset: number): Promise<{ total: number; items: CampaignSummary[] }> {
    const page = await this.deps.store.list(q, openOnly, limit, offset);
    return { total: page.total, items: (await Promise.all(page.rows.map(async (r) => await this.summary(r)))) };
  }

  /** Sets a campaign up: checks its classes, area, window and inspectors, and gives each grid to one inspector. */
  async create(input: CampaignInput, createdBy: number | null): Promise<number> {
    const { db, store, grids, dictionary, inspectors, auth, calendars, clock } = this.deps;
    const name = input.name.trim();
    if (!name) throw badRequest('a campaign needs a name (请填写专项名称)', 'name');
    const standard = (await dictionary.activeStandard())?.id ?? '';
    const classes = [...new Set(input.classes)];
    if (!classes.length) throw badRequest('choose at least one class (请选择问题类别)', 'classes');
    for (const [i, key] of classes.entries()) {
      const m = /^(component|event):(\d{4,5})$/.exec(key);
      if (!m || !(await dictionary.get(standard, m[1] as 'component' | 'event', m[2]!))) throw badRequest(`"${key}" is not a class of the dictionary (类别不存在)`, `classes/${i}`);
    }
    // The window: county days, both inclusive.
    const cal = await calendars.current();
    const dayOf = (date: string, field: string) => {
      const ms = Date.parse(`${date}T12:00:00Z`);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms)) throw badRequest(`${field} "${date}" is not a date as YYYY-MM-DD (日期格式应为 YYYY-MM-DD)`, field);
      return cal.dayIndex(ms);
    };
    const startsAt = cal.dayStart(dayOf(input.from, 'from'));
    const endsAt = cal.dayStart(dayOf(input.to, 'to') + 1);
    if (endsAt <= startsAt) throw badRequest(`from ${input.from} is after to ${input.to} (开始日期晚于结束日期)`, 'to');
    if (endsAt - startsAt > 366 * DAY_MS) throw badRequest('a campaign runs a year at most (专项时间不超过一年)', 'to');
    // The area: picked grids, or the grids whose centre lies in the drawn polygon.
    let codes: string[];
    let polygon: string | null = null;
    if ('grids' in input.area) {
      codes = [...new Set(input.area.grids)];
      for (const [i, code] of codes.entries()) {
        if (!(await grids.get(code))) throw badRequest(`no grid ${code} (网格不存在)`, `area/grids/${i}`);
      }
    } else {
      const rings = input.area.polygon.coordinates as unknown as Ring[];
      if (!rings.length || rings[0]!.length < 4) throw badRequest('the drawn area needs at least three corners (请绘制范围)', 'area/polygon');
      codes = [];
      for await (const g of grids.each()) if (pointInPolygon(g.centerLon, g.centerLat, rings)) codes.push(g.code);
      polygon = JSON.stringify(input.area.polygon);
    }
    if (!codes.length) throw badRequest('the area holds no grid (范围内没有单元网格)', 'area');
    if (codes.length > 20_000) throw badRequest(`${codes.length} grids is too large an area (范围过大)`, 'area');
    const people = [...new Set(input.inspectorIds)];
    if (!people.length) throw badRequest('choose at least one inspector (请选择监督员)', 'inspectorIds');
    for (const [i, id] of people.entries()) {
      if (!(await auth.rolesOf(id)).includes('inspector')) throw badRequest(`user ${id} is not an inspector (不是监督员)`, `inspectorIds/${i}`);
    }
    const now = clock.now();
    const id = await db.transaction(async () => {
      const campaignId = await store.insert(
        { name, kind: input.kind, description: input.description?.trim() || null, classes: JSON.stringify(classes), areaPolygon: polygon, startsAt, endsAt, targetCoverage: input.targets.coverage, targetCloseRate: input.targets.closeRate, createdAt: now },
        createdBy,
      );
      for (const p of people) await store.addInspector(campaignId, p);
      // Each grid to its own inspector when they take part, else to the least loaded (then lowest id).
      const load = new Map(people.map((p) => [p, 0]));
      const pick = (candidates: number[]) => candidates.sort((a, b) => load.get(a)! - load.get(b)! || a - b)[0]!;
      for (const code of codes.sort()) {
        const own = (await inspectors.inspectorsOfGrid(code)).filter((p) => load.has(p));
        const who = pick(own.length ? own : [...people]);
        load.set(who, load.get(who)! + 1);
        await store.addGrid(campaignId, code, who);
      }
      return campaignId;
    });
    this.deps.events?.publish('campaign.changed', { id, reason: 'created' });
    return id;
  }

  async close(id: number, userId: number): Promise<void> {
    await this.get(id);
    if (!await this.deps.store.close(id, userId, this.deps.clock.now())) throw badRequest(`campaign ${id} is closed already (专项已结束)`, 'id');
    this.deps.events?.publish('campaign.changed', { id, reason: 'closed' });
  }

  /** The inspector's campaign grids for today (城管通). */
  async tasksOf(userId: number): Promise<FieldCampaignTask[]> {
    return (await Promise.all((await this.deps.store.tasksOf(userId, this.deps.clock.now())).map(async (t) => ({
      campaignId: t.id,
      campaignName: t.name,
      kind: t.kind,
      classes: await this.classes(t),
      endsAt: iso(t.endsAt)!,
      gridCode: t.gridCode,
      centerLon: t.centerLon,
      centerLat: t.centerLat,
      coveredAt: iso(t.coveredAt),
    }))));
  }

  /** Before a report is filed under a campaign: the campaign runs, the inspector takes part, the class is the campaign's. */
  async checkReport(campaignId: number, userId: number, kind: string, classCode: string): Promise<CampaignRow> {
    const row = await this.get(campaignId);
    if (this.stateOf(row) !== 'active') throw badRequest(`campaign ${campaignId} is not running (专项不在进行中)`, 'campaignId');
    if (!await this.deps.store.isInspector(campaignId, userId)) throw badRequest(`you do not take part in campaign ${campaignId} (您不是本专项的监督员)`, 'campaignId');
    if (!(JSON.parse(row.classes) as string[]).includes(`${kind}:${classCode}`)) throw badRequest(`${kind} ${classCode} is not a class of this campaign (该类别不属于本专项)`, 'classCode');
    return row;
  }

  /** A report filed under the campaign: tagged, and its grid (when the campaign's) counts as covered. */
  async tagReport(campaignId: number, caseId: number, gridCode: string | null, userId: number): Promise<void> {
    const { store, clock, db } = this.deps;
    const now = clock.now();
    const inArea = gridCode !== null && await store.hasGrid(campaignId, gridCode);
    await db.transaction(async () => {
      await store.tagCase(campaignId, caseId, inArea ? gridCode : null, now);
      if (inArea) await store.markCovered(campaignId, gridCode, userId, now);
    });
    this.deps.events?.publish('campaign.changed', { id: campaignId, reason: 'report', caseId });
  }

  /** An inspector marks a grid walked (巡查完成) with nothing to report, or with reports filed. */
  async markCovered(campaignId: number, gridCode: string, userId: number): Promise<{ coveredAt: string }> {
    const row = await this.get(campaignId);
    if (this.stateOf(row) !== 'active') throw badRequest(`campaign ${campaignId} is not running (专项不在进行中)`, 'campaignId');
    const task = (await this.deps.store.tasksOf(userId, this.deps.clock.now())).find((t) => t.id === campaignId && t.gridCode === gridCode);
    if (!task) throw notFound(`grid ${gridCode} is not your task in campaign ${campaignId} (该网格不是您的专项任务)`);
    await this.deps.store.markCovered(campaignId, gridCode, userId, this.deps.clock.now());
    this.deps.events?.publish('campaign.changed', { id: campaignId, reason: 'covered', gridCode });
    return { coveredAt: iso((await this.deps.store.tasksOf(userId, this.deps.clock.now())).find((t) => t.id === campaignId && t.gridCode === gridCode)!.coveredAt)! };
  }
}
