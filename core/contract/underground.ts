// 渣土车 (muck trucks on JT/T 808) and 地下管线 (underground pipelines) as the console sees them.

export type MuckAlarmKind = 'off_corridor' | 'outside_hours' | 'unpermitted_site' | 'speeding' | 'silent';
export type PipeKind = 'water' | 'drainage' | 'gas' | 'power' | 'telecom' | 'heat';

export interface TruckItem {
  id: number;
  plate: string;
  company: string | null;
  phone: string;
  registered: boolean;
  lon: number | null;
  lat: number | null;
  speedKmh: number | null;
  headingDeg: number | null;
  seenAt: string | null;
  online: boolean;
  permitCode: string | null;
  openAlarms: MuckAlarmKind[];
}

export interface TruckPermit {
  id: number;
  code: string;
  truckId: number;
  plate: string;
  originSiteId: number;
  disposalSiteId: number;
  origin: string;
  disposal: string;
  /** [lon, lat] along the corridor. */
  corridor: [number, number][];
  bufferM: number;
  validFrom: string;
  validTo: string;
  dayStartMin: number;
  dayEndMin: number;
  maxSpeedKmh: number;
}

export interface TruckSite {
  id: number;
  code: string;
  name: string;
  kind: 'origin' | 'disposal';
  lon: number;
  lat: number;
  radiusM: number;
}

export interface TruckAlarm {
  id: number;
  truckId: number;
  plate: string;
  kind: MuckAlarmKind;
  label: { zh: string; en: string };
  openedAt: string;
  closedAt: string | null;
  lon: number | null;
  lat: number | null;
  detail: string;
  caseId: number | null;
  /** With the alarm's own page: [lon, lat, epoch ms, km/h] from 30 minutes before it. */
  track?: [number, number, number, number][];
}

export interface TruckTrack {
  truck: { id: number; plate: string; company: string | null };
  from: string;
  to: string;
  points: [number, number, number, number][];
}

/** The network for the wall: pipes [id, kind index, diameter mm, depth m, flat lon/lat...], wells [id, kind index, lon, lat, depth m]. */
export interface PipelinePack {
  kinds: PipeKind[];
  pipes: [number, number, number, number, number[]][];
  wells: [number, number, number, number, number][];
}

export interface PipeItem {
  id: number;
  code: string;
  kind: PipeKind;
  kindLabel: { zh: string; en: string };
  diameterMm: number | null;
  depthM: number | null;
  material: string | null;
  owner: string | null;
  year: number | null;
  lengthM: number;
  coordinates: [number, number][];
  distanceM?: number;
}

export interface WellItem {
  id: number;
  code: string;
  kind: PipeKind;
  kindLabel: { zh: string; en: string };
  lon: number;
  lat: number;
  depthM: number | null;
  owner: string | null;
  componentId: string | null;
  pipes: PipeItem[];
  sensors: { id: number; code: string; name: string }[];
}

export interface PipesNear {
  radiusM: number;
  pipes: PipeItem[];
  owners: { owner: string; kinds: PipeKind[]; count: number }[];
  wells: { id: number; code: string; kind: PipeKind; distanceM: number; componentId: string | null }[];
}
