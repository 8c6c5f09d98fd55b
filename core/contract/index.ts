// The API contract between core and the console: the endpoint table (endpoints.ts), the TypeBox
// schemas of every request and response, the types (Static<> of those schemas) and the roles.
// Pure and isomorphic: it imports only typebox and itself, so the console may import it at runtime.
export * from './roles.js';
export * from './common.js';
export * from './cases.js';
export * from './maps.js';
export * from './analytics.js';
export * from './admin.js';
export * from './video.js';
export * from './wall.js';
export * from './alarms.js';
export * from './notify.js';
export * from './underground.js';
export * from './campaigns.js';
