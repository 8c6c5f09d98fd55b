// Shapes every part uses: the error body, health, sign-in, channel keys.
import { Type, type Static } from 'typebox';
import { RoleCode } from './roles.js';

export const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  county: Type.Union([Type.Object({
    name: Type.String(),
    nameEn: Type.Union([Type.String(), Type.Null()]),
    adminCode: Type.String(),
    center: Type.Object({
      lon: Type.Number(),
      lat: Type.Number(),
    }),
    bbox: Type.Object({
      west: Type.Number(),
      south: Type.Number(),
      east: Type.Number(),
      north: Type.Number(),
    }),
    synthetic: Type.Boolean(),
  }), Type.Null()]),
  counts: Type.Object({
    grids: Type.Number(),
    components: Type.Number(),
    cases: Type.Number(),
  }),
  /** The county's time zone (IANA, setting calendar.timeZone): every time the console shows is in it. */
  timeZone: Type.String(),
});
export type HealthResponse = Static<typeof HealthResponse>;

export const LoginRequest = Type.Object({
  username: Type.String(),
  password: Type.String(),
});
export type LoginRequest = Static<typeof LoginRequest>;

export const SessionUser = Type.Object({
  id: Type.Number(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleCode),
  departmentId: Type.Union([Type.Number(), Type.Null()]),
  /** The password must be changed before anything else (the generated first one, or an expired one). */
  mustChangePassword: Type.Optional(Type.Boolean()),
});
export type SessionUser = Static<typeof SessionUser>;

export const LoginResponse = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  user: SessionUser,
});
export type LoginResponse = Static<typeof LoginResponse>;

/** Messages on the WebSocket stream at /api/events. */
export interface EventMessage<T = unknown> {
  topic: string;
  at: string;
  data: T;
}

/** A channel key as the admin sees it (never the key itself, except once when made). */
export const ChannelKeyItem = Type.Object({
  id: Type.Number(),
  name: Type.String(),
  scope: Type.Enum(['open311', 'sensors', 'vehicles']),
  hint: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  useCount: Type.Number(),
});
export type ChannelKeyItem = Static<typeof ChannelKeyItem>;

/** `:id` of a row: a positive integer. */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export type IdParams = Static<typeof IdParams>;
