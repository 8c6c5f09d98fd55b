// The table of endpoints: every route of the county server, by name. core registers its routes from
// it (core/server/route.ts), /api/openapi.json is written from it, and the console calls it by name
// (renderer/api.ts). To add an endpoint, see docs/ARCHITECTURE.md "Add an endpoint".
import type { Endpoint } from './endpoint.js';
import { adminEndpoints } from './endpoints/admin.js';
import { analyticsEndpoints } from './endpoints/analytics.js';
import { baseEndpoints } from './endpoints/base.js';
import { campaignEndpoints } from './endpoints/campaigns.js';
import { caseEndpoints } from './endpoints/cases.js';
import { fileEndpoints } from './endpoints/files.js';
import { importEndpoints } from './endpoints/imports.js';
import { mapEndpoints } from './endpoints/maps.js';
import { systemEndpoints } from './endpoints/system.js';
import { notifyEndpoints } from './endpoints/notify.js';
import { securityEndpoints } from './endpoints/security.js';
import { undergroundEndpoints } from './endpoints/underground.js';

export const endpoints = {
  ...systemEndpoints,
  ...baseEndpoints,
  ...caseEndpoints,
  ...mapEndpoints,
  ...analyticsEndpoints,
  ...securityEndpoints,
  ...undergroundEndpoints,
  ...campaignEndpoints,
  ...notifyEndpoints,
  ...adminEndpoints,
  ...fileEndpoints,
  ...importEndpoints,
} satisfies Record<string, Endpoint>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;
