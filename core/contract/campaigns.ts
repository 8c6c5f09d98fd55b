// 专项普查 / 专项整治 as the console and the field app see them (core/campaigns/routes.ts). Types only.

export type CampaignKind = 'survey' | 'rectification';
/** planned: before its window; active: in it; ended: past it, not yet closed; closed: closed by the centre. */
export type CampaignState = 'planned' | 'active' | 'ended' | 'closed';

export interface CampaignProgress {
  gridsTotal: number;
  gridsCovered: number;
  /** Covered grids over all grids, %. */
  coverage: number;
  /** Reports filed under the campaign (not refused or voided). */
  found: number;
  closed: number;
  /** Closed over found, %; null when nothing was found. */
  closeRate: number | null;
  targets: { coverage: number; closeRate: number };
  /** Whether each target is met now. */
  met: { coverage: boolean; closeRate: boolean };
}

export interface CampaignSummary {
  id: number;
  name: string;
  kind: CampaignKind;
  state: CampaignState;
  /** "event:0102" keys with their names. */
  classes: { key: string; name: string }[];
  startsAt: string;
  endsAt: string;
  closedAt: string | null;
  progress: CampaignProgress;
}

export interface CampaignDetail extends CampaignSummary {
  description: string | null;
  areaPolygon: { type: 'Polygon'; coordinates: number[][][] } | null;
  inspectors: { id: number; name: string; grids: number; covered: number; found: number }[];
  grids: { code: string; inspectorId: number | null; inspectorName: string | null; coveredAt: string | null; found: number; closed: number; centerLon: number; centerLat: number }[];
  cases: { id: number; caseNo: string; gridCode: string | null; classCode: string; state: string; stateLabel: { zh: string; en: string }; reportedAt: string }[];
}

/** POST /api/campaigns */
export interface CampaignInput {
  name: string;
  kind: CampaignKind;
  description?: string | null;
  classes: string[];
  /** Either grids or a polygon (GeoJSON Polygon, WGS84). */
  area: { grids: string[] } | { polygon: { type: 'Polygon'; coordinates: number[][][] } };
  /** YYYY-MM-DD, both inclusive, county days. */
  from: string;
  to: string;
  targets: { coverage: number; closeRate: number };
  inspectorIds: number[];
}

/** GET /api/field/campaigns: an inspector's campaign grids. */
export interface FieldCampaignTask {
  campaignId: number;
  campaignName: string;
  kind: CampaignKind;
  classes: { key: string; name: string }[];
  endsAt: string;
  gridCode: string;
  centerLon: number;
  centerLat: number;
  coveredAt: string | null;
}
