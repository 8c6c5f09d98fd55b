// What the command wall reads from core (types only; the renderer imports them with `import type`).

export interface BasemapInfo {
  revision: string;
  bbox: { west: number; south: number; east: number; north: number };
  minZoom: number;
  maxZoom: number;
  tileSize: number;
  /** Template with {z}/{x}/{y}. */
  url: string;
}

export interface TilesetInfo {
  id: number;
  name: string;
  kind: 'buildings' | 'external';
  visible: boolean;
  url: string;
  tiles: number | null;
  bytes: number | null;
  generatedMs: number | null;
  /** How many buildings the tileset draws (core's own buildings tileset), null for a registered folder. */
  buildings: number | null;
  updatedAt: string;
  folder: string;
}

export interface ComponentClassInfo {
  code: string;
  level: 'big' | 'small';
  bigCode: string;
  name: string;
  nameEn: string | null;
}

export interface WallComponentsMeta {
  count: number;
  revision: string;
  adminCode: string | null;
  states: readonly string[];
  classes: ComponentClassInfo[];
  url: string;
}

export interface ComponentDetail {
  id: string;
  classCode: string;
  className: string | null;
  classNameEn: string | null;
  state: 'intact' | 'damaged' | 'lost' | 'occupied';
  ownerName: string | null;
  maintainerName: string | null;
  gridCode: string | null;
  lon: number;
  lat: number;
  createdDate: string | null;
  dataSource: string | null;
}

export interface WallCase {
  id: number;
  caseNo: string;
  state: string;
  kind: 'component' | 'event';
  classCode: string;
  urgent: boolean;
  overdue: boolean;
  lon: number;
  lat: number;
  gridCode: string | null;
  departmentId: number | null;
  reportedAt: string | null;
  deadlineAt: string | null;
  description: string;
}

/** The payload of case.created / case.updated / case.overdue on /api/events. */
export interface CaseEventData {
  id: number;
  caseNo: string;
  state: string;
  kind: 'component' | 'event';
  classCode: string;
  source: string;
  urgent: boolean;
  overdue: boolean;
  lon: number | null;
  lat: number | null;
  gridCode: string | null;
  departmentId: number | null;
  deadlineAt: number | null;
  version: number;
  actions: string[];
}

export interface WallCamera {
  id: number;
  code: string;
  name: string;
  kind: 'police' | 'city' | 'vehicle' | 'body';
  lon: number;
  lat: number;
  headingDeg: number;
  ptz: boolean;
  gridCode?: string | null;
}

export interface WallSensor {
  id: number;
  code: string;
  name: string;
  kind: 'water_level' | 'manhole_cover';
  lon: number;
  lat: number;
  status: 'normal' | 'alarm' | 'offline';
  gridCode: string | null;
  componentId: string | null;
}

export interface WallVehicle {
  id: number;
  code: string;
  plate: string;
  kind: 'sweeper' | 'sprinkler' | 'enforcement' | 'patrol';
  lon: number;
  lat: number;
  headingDeg: number;
  seenAt: string | null;
  departmentId: number | null;
}

export interface WallDevices {
  cameras: WallCamera[];
  sensors: WallSensor[];
  vehicles: WallVehicle[];
}

export interface WallGridOutline {
  code: string;
  communityCode: string;
  center: [number, number];
  ring: [number, number][];
}

export interface TickerItem {
  id: number;
  at: string;
  caseId: number;
  caseNo: string;
  action: string;
  toState: string;
  classCode: string;
  kind: string;
  gridCode: string | null;
  urgent: boolean;
}

/** GET /api/cases/:id, the parts the wall shows. */
export interface CaseDetail {
  case: {
    id: number;
    caseNo: string;
    kind: 'component' | 'event';
    classCode: string;
    source: string;
    state: string;
    stateLabel: { zh: string; en: string };
    urgent: boolean;
    overdue: boolean;
    description: string;
    address: string | null;
    lon: number | null;
    lat: number | null;
    gridCode: string | null;
    componentId: string | null;
    departmentId: number | null;
    reportedAt: string;
    deadlineAt: string | null;
    remainingMs: number | null;
  };
  events: { id: number; seq: number; at: string; action: string; fromState: string | null; toState: string; comment: string | null; actorRole: string | null }[];
}
