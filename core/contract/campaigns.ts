// 专项普查 / 专项整治 as the console and the field app see them (core/campaigns/routes.ts):
// TypeBox schemas and their Static<> types.
import { Type, type Static } from 'typebox';

const strict = { additionalProperties: false };
const DATE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

export const CampaignKind = Type.Enum(['survey', 'rectification']);
export type CampaignKind = Static<typeof CampaignKind>;
/** planned: before its window; active: in it; ended: past it, not yet closed; closed: closed by the centre. */
export const CampaignState = Type.Enum(['planned', 'active', 'ended', 'closed']);
export type CampaignState = Static<typeof CampaignState>;

const Targets = Type.Object({ coverage: Type.Number(), closeRate: Type.Number() });
const ClassRef = Type.Object({ key: Type.String(), name: Type.String() });

export const CampaignProgress = Type.Object({
  gridsTotal: Type.Number(),
  gridsCovered: Type.Number(),
  /** Covered grids over all grids, %. */
  coverage: Type.Number(),
  /** Reports filed under the campaign (not refused or voided). */
  found: Type.Number(),
  closed: Type.Number(),
  /** Closed over found, %; null when nothing was found. */
  closeRate: Type.Union([Type.Number(), Type.Null()]),
  targets: Targets,
  /** Whether each target is met now. */
  met: Type.Object({ coverage: Type.Boolean(), closeRate: Type.Boolean() }),
});
export type CampaignProgress = Static<typeof CampaignProgress>;

export const CampaignSummary = Type.Object({
  id: Type.Number(),
  name: Type.String(),
  kind: CampaignKind,
  state: CampaignState,
  /** "event:0102" keys with their names. */
  classes: Type.Array(ClassRef),
  startsAt: Type.String(),
  endsAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  progress: CampaignProgress,
});
export type CampaignSummary = Static<typeof CampaignSummary>;

const CampaignPolygon = Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))) });

export const CampaignDetail = Type.Object({
  ...CampaignSummary.properties,
  description: Type.Union([Type.String(), Type.Null()]),
  areaPolygon: Type.Union([CampaignPolygon, Type.Null()]),
  inspectors: Type.Array(Type.Object({ id: Type.Number(), name: Type.String(), grids: Type.Number(), covered: Type.Number(), found: Type.Number() })),
  grids: Type.Array(
    Type.Object({
      code: Type.String(),
      inspectorId: Type.Union([Type.Number(), Type.Null()]),
      inspectorName: Type.Union([Type.String(), Type.Null()]),
      coveredAt: Type.Union([Type.String(), Type.Null()]),
      found: Type.Number(),
      closed: Type.Number(),
      centerLon: Type.Number(),
      centerLat: Type.Number(),
    }),
  ),
  cases: Type.Array(
    Type.Object({
      id: Type.Number(),
      caseNo: Type.String(),
      gridCode: Type.Union([Type.String(), Type.Null()]),
      classCode: Type.String(),
      state: Type.String(),
      stateLabel: Type.Object({ zh: Type.String(), en: Type.String() }),
      reportedAt: Type.String(),
    }),
  ),
});
export type CampaignDetail = Static<typeof CampaignDetail>;

/** POST /api/campaigns: the area is either grids or a polygon (GeoJSON Polygon, WGS84); dates are county days, both inclusive. */
export const CampaignInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    kind: CampaignKind,
    description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    classes: Type.Array(Type.String({ maxLength: 20 }), { minItems: 1, maxItems: 50 }),
    area: Type.Union([
      Type.Object({ grids: Type.Array(Type.String({ pattern: '^[0-9]{15}$' }), { minItems: 1, maxItems: 20_000 }) }, strict),
      Type.Object(
        {
          polygon: Type.Object(
            { type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Type.Array(Type.Number(), { minItems: 2, maxItems: 3 }), { minItems: 4, maxItems: 1000 }), { minItems: 1, maxItems: 20 }) },
            strict,
          ),
        },
        strict,
      ),
    ]),
    from: Type.String({ pattern: DATE }),
    to: Type.String({ pattern: DATE }),
    targets: Type.Object({ coverage: Type.Integer({ minimum: 1, maximum: 100 }), closeRate: Type.Integer({ minimum: 1, maximum: 100 }) }, strict),
    inspectorIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 }),
  },
  strict,
);
export type CampaignInput = Static<typeof CampaignInput>;

/** GET /api/field/campaigns: an inspector's campaign grids. */
export const FieldCampaignTask = Type.Object({
  campaignId: Type.Number(),
  campaignName: Type.String(),
  kind: CampaignKind,
  classes: Type.Array(ClassRef),
  endsAt: Type.String(),
  gridCode: Type.String(),
  centerLon: Type.Number(),
  centerLat: Type.Number(),
  coveredAt: Type.Union([Type.String(), Type.Null()]),
});
export type FieldCampaignTask = Static<typeof FieldCampaignTask>;
