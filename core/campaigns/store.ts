// 专项普查 / 专项整治's SQL: campaigns, their inspectors, their grid tasks and tagged cases.
import type { Db } from '../db/database.js';
import type { CampaignKind } from '../contract/campaigns.js';

export interface CampaignRow {
  id: number;
  name: string;
  kind: CampaignKind;
  description: string | null;
  classes: string;
  areaPolygon: string | null;
  startsAt: number;
  endsAt: number;
  targetCoverage: number;
  targetCloseRate: number;
  closedAt: number | null;
  createdAt: number;
}

export interface CampaignGridRow {
  gridCode: string;
  inspectorId: number | null;
  coveredAt: number | null;
  centerLon: number;
  centerLat: number;
  found: number;
  closed: number;
}

const CAMPAIGN = `id, name, kind, description, classes, area_polygon AS areaPolygon, starts_at AS startsAt, ends_at AS endsAt,
  target_coverage AS targetCoverage, target_close_rate AS targetCloseRate, closed_at AS closedAt, created_at AS createdAt`;
/** A found problem: a tagged case that was not refused or voided. */
const FOUND = "c.state NOT IN ('not_accepted', 'not_registered', 'void')";

export class CampaignStore {
  constructor(private readonly db: Db) {}

  async insert(c: Omit<CampaignRow, 'id' | 'closedAt'>, createdBy: number | null): Promise<number> {
    return Number(
      (await this.db
        .statement(
          'campaigns.insert',
          `INSERT INTO campaigns (name, kind, description, classes, area_polygon, starts_at, ends_at, target_coverage, target_close_rate, created_by, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run([c.name, c.kind, c.description, c.classes, c.areaPolygon, c.startsAt, c.endsAt, c.targetCoverage, c.targetCloseRate, createdBy, c.createdAt])).lastInsertRowid,
    );
  }

  async addInspector(campaignId: number, userId: number): Promise<void> {
    await this.db.statement('campaigns.addInspector', 'INSERT OR IGNORE INTO campaign_inspectors (campaign_id, user_id) VALUES (?, ?)').run([campaignId, userId]);
  }

  async addGrid(campaignId: number, gridCode: string, inspectorId: number | null): Promise<void> {
    await this.db.statement('campaigns.addGrid', 'INSERT OR IGNORE INTO campaign_grids (campaign_id, grid_code, inspector_id) VALUES (?, ?, ?)').run([campaignId, gridCode, inspectorId]);
  }

  async get(id: number): Promise<CampaignRow | undefined> {
    return await this.db.statement<CampaignRow>('campaigns.get', `SELECT ${CAMPAIGN} FROM campaigns WHERE id = ?`).get([id]);
  }

  /** Newest first; `q` matches the name or the description; closed ones included unless asked otherwise. */
  async list(q: string | null, openOnly: boolean, limit: number, offset: number): Promise<{ total: number; rows: CampaignRow[] }> {
    const where = `WHERE (? IS NULL OR name LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\') AND (? = 0 OR closed_at IS NULL)`;
    const like = q === null ? null : `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const params = [q, like, like, openOnly ? 1 : 0];
    const total = (await this.db.statement<{ n: number }>('campaigns.count', `SELECT count(*) AS n FROM campaigns ${where}`).get(params))!.n;
    const rows = await this.db.statement<CampaignRow>('campaigns.list', `SELECT ${CAMPAIGN} FROM campaigns ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all([...params, limit, offset]);
    return { total, rows };
  }

  async inspectors(campaignId: number): Promise<number[]> {
    return (await this.db.statement<{ userId: number }>('campaigns.inspectors', 'SELECT user_id AS userId FROM campaign_inspectors WHERE campaign_id = ? ORDER BY user_id').all([campaignId])).map((r) => r.userId);
  }

  async grids(campaignId: number): Promise<CampaignGridRow[]> {
    return await this.db
      .statement<CampaignGridRow>(
        'campaigns.grids',
        `SELECT g.grid_code AS gridCode, g.inspector_id AS inspectorId, g.covered_at AS coveredAt, gr.center_lon AS centerLon, gr.center_lat AS centerLat,
           (SELECT count(*) FROM campaign_cases cc JOIN cases c ON c.id = cc.case_id WHERE cc.campaign_id = g.campaign_id AND cc.grid_code = g.grid_code AND ${FOUND}) AS found,
           (SELECT count(*) FROM campaign_cases cc JOIN cases c ON c.id = cc.case_id WHERE cc.campaign_id = g.campaign_id AND cc.grid_code = g.grid_code AND c.state = 'closed') AS closed
         FROM campaign_grids g JOIN grids gr ON gr.code = g.grid_code WHERE g.campaign_id = ? ORDER BY g.grid_code`,
      )
      .all([campaignId]);
  }

  async counts(campaignId: number): Promise<{ gridsTotal: number; gridsCovered: number; found: number; closed: number }> {
    return (await this.db
      .statement<{ gridsTotal: number; gridsCovered: number; found: number; closed: number }>(
        'campaigns.counts',
        `SELECT (SELECT count(*) FROM campaign_grids WHERE campaign_id = @id) AS gridsTotal,
                (SELECT count(*) FROM campaign_grids WHERE campaign_id = @id AND covered_at IS NOT NULL) AS gridsCovered,
                (SELECT count(*) FROM campaign_cases cc JOIN cases c ON c.id = cc.case_id WHERE cc.campaign_id = @id AND ${FOUND}) AS found,
                (SELECT count(*) FROM campaign_cases cc JOIN cases c ON c.id = cc.case_id WHERE cc.campaign_id = @id AND c.state = 'closed') AS closed`,
      )
      .get({ id: campaignId }))!;
  }

  async cases(campaignId: number): Promise<{ id: number; caseNo: string; gridCode: string | null; classCode: string; state: string; reportedAt: number }[]> {
    return await this.db
      .statement<{ id: number; caseNo: string; gridCode: string | null; classCode: string; state: string; reportedAt: number }>(
        'campaigns.cases',
        `SELECT c.id, c.case_no AS caseNo, cc.grid_code AS gridCode, c.class_code AS classCode, c.state, c.reported_at AS reportedAt
         FROM campaign_cases cc JOIN cases c ON c.id = cc.case_id WHERE cc.campaign_id = ? ORDER BY c.id DESC`,
      )
      .all([campaignId]);
  }

  /** An inspector's grids in the campaigns whose window holds `now` and that are not closed. */
  async tasksOf(userId: number, now: number): Promise<(CampaignRow & { gridCode: string; coveredAt: number | null; centerLon: number; centerLat: number })[]> {
    return await this.db
      .statement<CampaignRow & { gridCode: string; coveredAt: number | null; centerLon: number; centerLat: number }>(
        'campaigns.tasksOf',
        `SELECT ${CAMPAIGN.split(', ').map((c) => `k.${c.trim()}`).join(', ')}, g.grid_code AS gridCode, g.covered_at AS coveredAt, gr.center_lon AS centerLon, gr.center_lat AS centerLat
         FROM campaign_grids g JOIN campaigns k ON k.id = g.campaign_id JOIN grids gr ON gr.code = g.grid_code
         WHERE g.inspector_id = ? AND k.closed_at IS NULL AND k.starts_at <= ? AND k.ends_at > ?
         ORDER BY k.ends_at, g.covered_at IS NOT NULL, g.grid_code`,
      )
      .all([userId, now, now]);
  }

  async hasGrid(campaignId: number, gridCode: string): Promise<boolean> {
    return await this.db.statement('campaigns.hasGrid', 'SELECT 1 FROM campaign_grids WHERE campaign_id = ? AND grid_code = ?').get([campaignId, gridCode]) !== undefined;
  }

  async isInspector(campaignId: number, userId: number): Promise<boolean> {
    return await this.db.statement('campaigns.isInspector', 'SELECT 1 FROM campaign_inspectors WHERE campaign_id = ? AND user_id = ?').get([campaignId, userId]) !== undefined;
  }

  async markCovered(campaignId: number, gridCode: string, userId: number, at: number): Promise<boolean> {
    return (
      (await this.db
        .statement('campaigns.cover', 'UPDATE campaign_grids SET covered_at = ?, covered_by = ? WHERE campaign_id = ? AND grid_code = ? AND covered_at IS NULL')
        .run([at, userId, campaignId, gridCode])).changes > 0
    );
  }

  async tagCase(campaignId: number, caseId: number, gridCode: string | null, at: number): Promise<void> {
    await this.db.statement('campaigns.tag', 'INSERT OR IGNORE INTO campaign_cases (campaign_id, case_id, grid_code, tagged_at) VALUES (?, ?, ?, ?)').run([campaignId, caseId, gridCode, at]);
  }

  async campaignsOfCase(caseId: number): Promise<{ id: number; name: string }[]> {
    return await this.db
      .statement<{ id: number; name: string }>('campaigns.ofCase', 'SELECT k.id, k.name FROM campaign_cases cc JOIN campaigns k ON k.id = cc.campaign_id WHERE cc.case_id = ? ORDER BY k.id')
      .all([caseId]);
  }

  async close(id: number, userId: number, at: number): Promise<boolean> {
    return (await this.db.statement('campaigns.close', 'UPDATE campaigns SET closed_at = ?, closed_by = ? WHERE id = ? AND closed_at IS NULL').run([at, userId, id])).changes > 0;
  }
}
