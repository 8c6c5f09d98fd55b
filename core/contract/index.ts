// The API contract: types the renderer may import (import type only) and core implements.
// Each route's JSON schema lives beside the route; these are the shapes the console relies on.

import type { RoleCode } from './roles.js';

export * from './roles.js';

export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

export interface HealthResponse {
  status: 'ok';
  version: string;
  county: {
    name: string;
    nameEn: string | null;
    adminCode: string;
    center: { lon: number; lat: number };
    bbox: { west: number; south: number; east: number; north: number };
    synthetic: boolean;
  } | null;
  counts: { grids: number; components: number; cases: number };
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: RoleCode[];
  departmentId: number | null;
}

/** Messages on the WebSocket stream at /api/events. */
export interface EventMessage<T = unknown> {
  topic: string;
  at: string;
  data: T;
}

/** A channel key as the admin sees it (never the key itself, except once when made). */
export interface ChannelKeyItem {
  id: number;
  name: string;
  scope: 'open311' | 'sensors' | 'vehicles';
  hint: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  useCount: number;
}
export type * from './cases.js';
export type * from './maps.js';
export type * from './analytics.js';
export type * from './admin.js';
export type * from './video.js';
export type * from './wall.js';
export type * from './alarms.js';
