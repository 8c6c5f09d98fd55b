// Map data and the command wall: unit grids, streets and the base map's tiles, components, staff
// names, the wall's 3D tilesets and what the wall reads (component pack, open cases, devices,
// grid outlines, ticker).
import { Type } from 'typebox';
import { StaffResponse } from '../cases.js';
import { IdParams } from '../common.js';
import { Binary, endpoint, NoContent } from '../endpoint.js';
import { GridCollection, GridFeature, StreetCollection } from '../maps.js';
import { ADMINS, RoleCode } from '../roles.js';
import { BasemapInfo, ComponentDetail, TickerItem, TilesetInfo, WallCase, WallComponentsMeta, WallDevices, WallGridOutline } from '../wall.js';

const GRID_CODE = '^[0-9]{15}$';

export const mapEndpoints = {
  'grids.list': endpoint({
    method: 'GET', path: '/api/grids', access: 'signed-in', tag: 'maps', summary: 'Unit grids (单元网格) meeting a box, as a GeoJSON FeatureCollection',
    query: Type.Object(
      {
        west: Type.Number({ minimum: -180, maximum: 180 }),
        south: Type.Number({ minimum: -90, maximum: 90 }),
        east: Type.Number({ minimum: -180, maximum: 180 }),
        north: Type.Number({ minimum: -90, maximum: 90 }),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })),
      },
      { additionalProperties: false },
    ),
    responses: { 200: GridCollection },
  }),
  'grids.get': endpoint({
    method: 'GET', path: '/api/grids/:code', access: 'signed-in', tag: 'maps', summary: 'One unit grid as a GeoJSON Feature',
    params: Type.Object({ code: Type.String({ pattern: GRID_CODE }) }),
    responses: { 200: GridFeature },
  }),
  'basemap.streets': endpoint({
    method: 'GET', path: '/api/basemap/streets', access: 'signed-in', tag: 'maps', summary: 'Street centrelines meeting a box, as a GeoJSON FeatureCollection',
    query: Type.Object(
      {
        bbox: Type.String({ maxLength: 120, description: 'west,south,east,north in degrees' }),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500 })),
      },
      { additionalProperties: false },
    ),
    responses: { 200: StreetCollection },
  }),
  'basemap.get': endpoint({
    method: 'GET', path: '/api/basemap', access: 'signed-in', tag: 'wall', summary: 'Where the county base map has tiles, its zoom levels and tile address',
    responses: { 200: Type.Object({ basemap: Type.Union([BasemapInfo, Type.Null()]) }) },
  }),
  'basemap.tile': endpoint({
    method: 'GET', path: '/api/basemap/:revision/:z/:x/:y.png', access: 'signed-in', tag: 'wall', summary: 'One 256 px web-mercator tile of the county base map (PNG)',
    params: Type.Object({
      revision: Type.String({ pattern: '^[0-9a-f]{1,40}$' }),
      z: Type.Integer({ minimum: 0, maximum: 24 }),
      x: Type.Integer({ minimum: 0 }),
      y: Type.Integer({ minimum: 0 }),
    }),
    responses: { 200: Binary('image/png') },
  }),
  'components.get': endpoint({
    method: 'GET', path: '/api/components/:id', access: 'signed-in', tag: 'base data', summary: 'One component by its ID (部件标识码)',
    params: Type.Object({ id: Type.String({ pattern: '^[0-9]{16,17}$' }) }),
    responses: { 200: Type.Object({ component: ComponentDetail }) },
  }),
  'staff.list': endpoint({
    method: 'GET', path: '/api/staff', access: 'signed-in', tag: 'auth', summary: 'Names and roles of staff, by ids or by role',
    query: Type.Object(
      {
        ids: Type.Optional(Type.String({ maxLength: 1200, description: 'comma-separated user ids' })),
        role: Type.Optional(RoleCode),
        gridCode: Type.Optional(Type.String({ pattern: GRID_CODE, description: "with role=inspector: that grid's inspectors first" })),
      },
      { additionalProperties: false },
    ),
    responses: { 200: StaffResponse },
  }),
  'tilesets.list': endpoint({
    method: 'GET', path: '/api/tilesets', access: 'signed-in', tag: 'wall', summary: '3D tilesets the wall shows (buildings, registered 实景三维)',
    responses: { 200: Type.Object({ items: Type.Array(TilesetInfo) }) },
  }),
  'tilesets.register': endpoint({
    method: 'POST', path: '/api/tilesets', access: ADMINS, tag: 'wall', summary: 'Register a tileset folder by path',
    body: Type.Object(
      {
        folder: Type.String({ minLength: 1, maxLength: 4096, description: 'Folder holding tileset.json (or the path of tileset.json)' }),
        name: Type.Optional(Type.String({ maxLength: 100 })),
        visible: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    responses: { 201: Type.Object({ tileset: TilesetInfo }) },
  }),
  'tilesets.update': endpoint({
    method: 'PATCH', path: '/api/tilesets/:id', access: ADMINS, tag: 'wall', summary: 'Show or hide a tileset',
    params: IdParams,
    body: Type.Object({ visible: Type.Boolean() }, { additionalProperties: false }),
    responses: { 200: Type.Object({ tileset: TilesetInfo }) },
  }),
  'tilesets.remove': endpoint({
    method: 'DELETE', path: '/api/tilesets/:id', access: ADMINS, tag: 'wall', summary: 'Unregister a tileset folder (the files stay)',
    params: IdParams,
    responses: { 204: NoContent },
  }),
  'tilesets.file': endpoint({
    method: 'GET', path: '/api/tilesets/:id/:revision/*', access: 'signed-in', tag: 'wall', summary: 'A file of a tileset (tileset.json, tiles, textures)',
    params: Type.Object({ id: Type.Integer({ minimum: 1 }), revision: Type.String({ maxLength: 40 }), '*': Type.String({ maxLength: 1024 }) }),
    responses: { 200: Binary('application/json', 'model/gltf-binary', 'application/octet-stream', 'image/png', 'image/jpeg', 'image/webp', 'image/ktx2') },
  }),
  'wall.components': endpoint({
    method: 'GET', path: '/api/wall/components', access: 'signed-in', tag: 'wall', summary: 'What the component pack holds: count, classes, states, where to fetch it',
    responses: { 200: WallComponentsMeta },
  }),
  'wall.componentsPack': endpoint({
    method: 'GET', path: '/api/wall/components.bin', access: 'signed-in', tag: 'wall', summary: 'Every component as typed arrays (layout in core/wall/components-pack.ts)',
    responses: { 200: Binary('application/octet-stream') },
  }),
  'wall.cases': endpoint({
    method: 'GET', path: '/api/wall/cases', access: 'signed-in', tag: 'wall', summary: 'Open cases with a place, newest first',
    query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50_000 })) }),
    responses: { 200: Type.Object({ items: Type.Array(WallCase) }) },
  }),
  'wall.devices': endpoint({
    method: 'GET', path: '/api/wall/devices', access: 'signed-in', tag: 'wall', summary: 'Cameras, sensors and vehicles with their places and states',
    responses: { 200: WallDevices },
  }),
  'wall.grids': endpoint({
    method: 'GET', path: '/api/wall/grids', access: 'signed-in', tag: 'wall', summary: 'Unit-grid outlines (outer ring) and centres',
    responses: { 200: Type.Object({ items: Type.Array(WallGridOutline) }) },
  }),
  'wall.ticker': endpoint({
    method: 'GET', path: '/api/wall/ticker', access: 'signed-in', tag: 'wall', summary: 'The latest case events, newest first (最新动态)',
    query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
    responses: { 200: Type.Object({ items: Type.Array(TickerItem) }) },
  }),
};
