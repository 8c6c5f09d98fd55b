// 告警中心 (the alarm centre), 地下管线 (underground pipelines) and 渣土车 (muck trucks on JT/T 808).
import { Type } from 'typebox';
import { AlarmItem, AlarmListResponse } from '../alarms.js';
import { IdParams } from '../common.js';
import { endpoint } from '../endpoint.js';
import { ADMINS } from '../roles.js';
import { PipeItem, PipelinePack, PipesNear, SensorWellPipes, TruckAlarm, TruckItem, TruckPermit, TruckSite, TruckTrack, WellItem, WellPipes } from '../underground.js';

const alarms = 'alarms (告警中心)';
const pipelines = 'pipelines (地下管线)';
const trucks = 'muck trucks (渣土车)';
const Radius = Type.Optional(Type.Number({ minimum: 1, maximum: 500, default: 50 }));
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const HHMM = '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$';

export const undergroundEndpoints = {
  'alarms.list': endpoint({
    method: 'GET', path: '/api/alarms', access: 'signed-in', tag: alarms, summary: "Alarms this user's roles may see, newest first, with counts by state",
    query: Type.Object({
      state: Type.Optional(Type.String({ pattern: '^(new|seen|handled)(,(new|seen|handled))*$', description: 'comma-separated states, e.g. new,seen (not handled)' })),
      before: Type.Optional(Type.Integer({ minimum: 1 })),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    }),
    responses: { 200: AlarmListResponse },
  }),
  'alarms.get': endpoint({
    method: 'GET', path: '/api/alarms/:id', access: 'signed-in', tag: alarms, summary: 'One alarm',
    params: IdParams,
    responses: { 200: AlarmItem },
  }),
  'alarms.seen': endpoint({
    method: 'POST', path: '/api/alarms/:id/seen', access: 'signed-in', tag: alarms, summary: 'Mark an alarm seen (已查看); a handled one stays handled',
    params: IdParams,
    responses: { 200: AlarmItem },
  }),
  'alarms.handle': endpoint({
    method: 'POST', path: '/api/alarms/:id/handle', access: 'signed-in', tag: alarms, summary: 'Mark an alarm handled (已处理), with an optional note',
    params: IdParams,
    body: Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
    responses: { 200: AlarmItem },
  }),

  'pipelines.wall': endpoint({
    method: 'GET', path: '/api/pipelines/wall', access: 'signed-in', tag: pipelines,
    summary: 'The whole network shaped for drawing: pipes [id, kind, diameter mm, depth m, flat lon/lat] and wells [id, kind, lon, lat, depth m]',
    responses: { 200: PipelinePack },
  }),
  'pipelines.near': endpoint({
    method: 'GET', path: '/api/pipelines/near', access: 'signed-in', tag: pipelines, summary: 'Pipes and wells within a distance of a point (default 50 m), nearest first, with their owners',
    query: Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }), radius: Radius }),
    responses: { 200: PipesNear },
  }),
  'pipelines.nearCase': endpoint({
    method: 'GET', path: '/api/pipelines/near-case/:id', access: 'signed-in', tag: pipelines, summary: "Pipes within a distance of a case's place (default 50 m) and their owners",
    params: IdParams,
    query: Type.Object({ radius: Radius }),
    responses: { 200: PipesNear },
  }),
  'pipelines.get': endpoint({
    method: 'GET', path: '/api/pipelines/:id', access: 'signed-in', tag: pipelines, summary: "A pipe's attributes",
    params: IdParams,
    responses: { 200: PipeItem },
  }),
  'pipelines.well': endpoint({
    method: 'GET', path: '/api/pipelines/wells/:id', access: 'signed-in', tag: pipelines, summary: 'A well (检查井), its cover and the pipes it opens onto',
    params: IdParams,
    responses: { 200: WellItem },
  }),
  'pipelines.ofComponent': endpoint({
    method: 'GET', path: '/api/pipelines/of-component/:id', access: 'signed-in', tag: pipelines, summary: 'The well under a manhole-cover component and its pipes',
    params: Type.Object({ id: Type.String({ pattern: '^\\d{16,17}$' }) }),
    responses: { 200: WellPipes },
  }),
  'pipelines.ofSensor': endpoint({
    method: 'GET', path: '/api/pipelines/of-sensor/:id', access: 'signed-in', tag: pipelines, summary: "The pipes under a sensor's manhole cover",
    params: IdParams,
    responses: { 200: SensorWellPipes },
  }),

  'trucks.list': endpoint({
    method: 'GET', path: '/api/trucks', access: 'signed-in', tag: trucks, summary: "Muck trucks with their live position, today's permit and open alarms",
    responses: { 200: Type.Object({ items: Type.Array(TruckItem), online: Type.Number() }) },
  }),
  'trucks.register': endpoint({
    method: 'POST', path: '/api/trucks', access: ADMINS, tag: trucks, summary: "Register a truck and its terminal's phone number (终端手机号)",
    body: Type.Object(
      { plate: Type.String({ minLength: 1, maxLength: 16 }), phone: Type.String({ pattern: '^\\d{1,20}$' }), company: Type.Optional(Type.String({ maxLength: 80 })) },
      { additionalProperties: false },
    ),
    responses: { 201: TruckItem },
  }),
  'trucks.sites': endpoint({
    method: 'GET', path: '/api/trucks/sites', access: 'signed-in', tag: trucks, summary: 'Origin sites (工地) and disposal sites (消纳场)',
    responses: { 200: Type.Object({ items: Type.Array(TruckSite) }) },
  }),
  'trucks.permits': endpoint({
    method: 'GET', path: '/api/trucks/permits', access: 'signed-in', tag: trucks, summary: 'Permits (准运证) with their corridors',
    responses: { 200: Type.Object({ items: Type.Array(TruckPermit) }) },
  }),
  'trucks.issuePermit': endpoint({
    method: 'POST', path: '/api/trucks/permits', access: ADMINS, tag: trucks, summary: 'Issue a permit (准运证)',
    body: Type.Object(
      {
        code: Type.String({ minLength: 1, maxLength: 40 }),
        plate: Type.String({ minLength: 1, maxLength: 16 }),
        originSiteId: Type.Integer({ minimum: 1 }),
        disposalSiteId: Type.Integer({ minimum: 1 }),
        corridor: Type.Array(Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]), { minItems: 2, maxItems: 5000 }),
        bufferM: Type.Number({ minimum: 5, maximum: 2000 }),
        validFrom: Type.String({ pattern: DATE }),
        validTo: Type.String({ pattern: DATE }),
        dayStart: Type.String({ pattern: HHMM }),
        dayEnd: Type.String({ pattern: HHMM }),
        maxSpeedKmh: Type.Number({ minimum: 5, maximum: 120 }),
      },
      { additionalProperties: false },
    ),
    responses: { 201: Type.Object({ id: Type.Number() }) },
  }),
  'trucks.alarms': endpoint({
    method: 'GET', path: '/api/trucks/alarms', access: 'signed-in', tag: trucks, summary: 'Alarms opened in the last hours (default 24) and every open one',
    query: Type.Object({ hours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 90 })) }),
    responses: { 200: Type.Object({ items: Type.Array(TruckAlarm) }) },
  }),
  'trucks.alarm': endpoint({
    method: 'GET', path: '/api/trucks/alarms/:id', access: 'signed-in', tag: trucks, summary: 'An alarm and its track (evidence)',
    params: IdParams,
    responses: { 200: TruckAlarm },
  }),
  'trucks.alarmOfCase': endpoint({
    method: 'GET', path: '/api/trucks/alarms/of-case/:id', access: 'signed-in', tag: trucks, summary: 'The truck alarm that filed a case, with its track',
    params: IdParams,
    responses: { 200: TruckAlarm },
  }),
  'trucks.track': endpoint({
    method: 'GET', path: '/api/trucks/:id/track', access: 'signed-in', tag: trucks, summary: "A truck's track on a day (default today): [lon, lat, at, speedKmh]",
    params: IdParams,
    query: Type.Object({ date: Type.Optional(Type.String({ pattern: DATE })) }),
    responses: { 200: TruckTrack },
  }),
};
