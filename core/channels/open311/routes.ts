// Open311 GeoReport v2 at /open311/v2/: discovery, services, service definitions, requests
// (POST with an api_key; GET with the standard filters), one request, tokens. XML and JSON.
// Errors use the spec's body and codes: 404 for what does not exist (service_code,
// jurisdiction_id, request, token), 403 for a missing, unknown or revoked api_key, 400 for the
// rest; 413 for a body over 1 MB and 429 for a flooding client, in the same body.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { TERMINAL_STATES, CASE_STATES, type CaseState } from '../../workflow/cases/index.js';
import type { CaseFilter, CaseRow } from '../../workflow/cases/index.js';
import { SYSTEM_ACTOR } from '../../workflow/cases/index.js';
import { badRequest, notFound } from '../../runtime/errors.js';
import type { GridhallApp } from '../../server/authorize.js';
import type { CountyContext } from '../../server/context.js';
import { toErrorBody } from '../../server/errors.js';
import { guardFlood } from '../intake/index.js';
import { checkLonLat } from '../intake/index.js';
import type { IntakeInput } from '../intake/index.js';
import { inertOptional, inertText, normalizeTrackingCode } from '../intake/index.js';
import { CONTENT_TYPES, sendErrors, sendList, sendObject, splitFormat, type Open311Format } from './format.js';
import { attributesOf, Open311Mapping, parseServiceCode, serviceCode } from './mapping.js';

export const OPEN311_PREFIX = '/open311/v2';
const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';
const CHANGESET = '2026-11-22T00:00:00Z';
const DAY = 86_400_000;
const MAX_SPAN_DAYS = 90;
const MAX_REQUESTS = 1000;
const MAX_IDS = 200;

const FormBody = Type.Object(
  {
    api_key: Type.Optional(Type.String({ maxLength: 200 })),
    jurisdiction_id: Type.Optional(Type.String({ maxLength: 200 })),
    service_code: Type.String({ maxLength: 32 }),
    lat: Type.Optional(Type.String({ maxLength: 32 })),
    long: Type.Optional(Type.String({ maxLength: 32 })),
    address_string: Type.Optional(Type.String({ maxLength: 256 })),
    address_id: Type.Optional(Type.String({ maxLength: 32 })),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    device_id: Type.Optional(Type.String({ maxLength: 128 })),
    account_id: Type.Optional(Type.String({ maxLength: 64 })),
    first_name: Type.Optional(Type.String({ maxLength: 64 })),
    last_name: Type.Optional(Type.String({ maxLength: 64 })),
    phone: Type.Optional(Type.String({ maxLength: 32 })),
    // The spec limits descriptions to 4,000 characters; the check (in characters, not
    // UTF-16 units) comes after the text is cleaned, with its own message.
    description: Type.Optional(Type.String({ maxLength: 16_000 })),
    media_url: Type.Optional(Type.String({ maxLength: 1024 })),
  },
  // attribute[code]=value and attribute[code][]=value pairs
  { additionalProperties: Type.Union([Type.String({ maxLength: 1000 }), Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 20 })]) },
);

const Jurisdiction = { jurisdiction_id: Type.Optional(Type.String({ maxLength: 200 })) };
const JurisdictionQuery = Type.Object(Jurisdiction);
const RequestsQuery = Type.Object({
  ...Jurisdiction,
  service_request_id: Type.Optional(Type.String({ maxLength: 4000 })),
  service_code: Type.Optional(Type.String({ maxLength: 2000 })),
  start_date: Type.Optional(Type.String({ maxLength: 40 })),
  end_date: Type.Optional(Type.String({ maxLength: 40 })),
  status: Type.Optional(Type.String({ maxLength: 40 })),
});
const FileParams = Type.Object({ file: Type.String({ maxLength: 80 }) });

function formatOf(request: FastifyRequest): Open311Format {
  const path = request.url.split('?')[0] ?? '';
  return path.endsWith('.json') ? 'json' : 'xml';
}

const schema = (summary: string, extra: object = {}) => ({ tags: ['open311'], summary, ...extra });

export async function open311Routes(app: GridhallApp, ctx: CountyContext): Promise<void> {
  const mapping = new Open311Mapping(ctx.dictionary, ctx.departments, ctx.cases, ctx.intakeStore, async () => (await ctx.settings.get('calendar')).utcOffsetMinutes);

  const jurisdictionId = async () => {
    const set = (await ctx.settings.get('open311')).jurisdictionId.trim();
    return set || (await ctx.county.get())?.adminCode || 'gridhall';
  };
  const checkJurisdiction = async (given: string | undefined) => {
    if (given === undefined || given.trim() === '') return;
    if (given.trim().toLowerCase() !== (await jurisdictionId()).toLowerCase()) throw notFound(`jurisdiction_id "${given}" was not found; this endpoint serves "${await jurisdictionId()}"`);
  };

  await app.register(
    async (scope) => {
      const open311 = scope as unknown as GridhallApp;
      open311.setErrorHandler((error, request, reply) => {
        const { status, body } = toErrorBody(error);
        if (status >= 500) request.log.error({ err: error }, 'open311 request failed');
        return sendErrors(reply, formatOf(request), status, body.message);
      });
      open311.setNotFoundHandler((request, reply) => sendErrors(reply, formatOf(request), 404, `No such Open311 resource: ${request.method} ${request.url.split('?')[0]}`));
      await guardFlood(open311, async () => (await ctx.settings.get('intake')).publicRequestsPerMinute);

      for (const ext of ['', '.xml', '.json']) {
        open311.get(`/discovery${ext}`, { schema: schema('Service discovery') }, async (request, reply) => {
          const format = formatOf(request);
          const base = `${request.protocol}://${request.host}${OPEN311_PREFIX}/`;
          const contact = (await ctx.settings.get('open311')).contact;
          const endpoint = { specification: SPEC_URL, url: base, changeset: CHANGESET, type: 'production' };
          const formats = [CONTENT_TYPES.xml.split(';')[0]!, CONTENT_TYPES.json.split(';')[0]!];
          const keyService = 'api_key: ask the county\'s urban management centre (城管指挥中心) for a key; reading needs none';
          return sendObject(
            reply,
            format,
            'discovery',
            { changeset: CHANGESET, contact, key_service: keyService, endpoints: [{ ...endpoint, formats }] },
            { changeset: CHANGESET, contact, key_service: keyService, endpoints: { endpoint: { ...endpoint, formats: { format: formats } } } },
          );
        });

        open311.get(`/services${ext}`, { schema: schema('Service list: the small classes, grouped by big class', { querystring: JurisdictionQuery }) }, async (request, reply) => {
          await checkJurisdiction((request.query as { jurisdiction_id?: string }).jurisdiction_id);
          return sendList(reply, formatOf(request), 'services', 'service', await mapping.services());
        });

        open311.get(`/requests${ext}`, { schema: schema('Service requests with the standard filters', { querystring: RequestsQuery }) }, async (request, reply) => {
          const q = request.query as { jurisdiction_id?: string; service_request_id?: string; service_code?: string; start_date?: string; end_date?: string; status?: string };
          await checkJurisdiction(q.jurisdiction_id);
          const items = [];
          for (const row of await findRequests(q)) items.push(await mapping.request(row));
          return sendList(reply, formatOf(request), 'service_requests', 'request', items);
        });

        open311.post(
          `/requests${ext}`,
          { schema: schema('Create a service request (form-encoded, api_key required)', { consumes: ['application/x-www-form-urlencoded'], body: FormBody }) },
          async (request, reply) => createRequest(request, reply),
        );
      }

      open311.get('/services/:file', { schema: schema('Service definition with its attributes', { params: FileParams, querystring: JurisdictionQuery }) }, async (request, reply) => {
        const { name, format } = splitFormat((request.params as { file: string }).file);
        await checkJurisdiction((request.query as { jurisdiction_id?: string }).jurisdiction_id);
        const ref = parseServiceCode(name);
        if (!ref || !await mapping.serviceClass(ref)) throw notFound(`service_code "${name}" was not found`);
        const code = serviceCode(ref.kind, ref.code);
        const attributes = attributesOf(ref.kind);
        return sendObject(
          reply,
          format,
          'service_definition',
          { service_code: code, attributes },
          {
            service_code: code,
            attributes: { attribute: attributes.map(({ values, ...a }) => (values ? { ...a, values: { value: values } } : a)) },
          },
        );
      });

      open311.get('/requests/:file', { schema: schema('One service request', { params: FileParams, querystring: JurisdictionQuery }) }, async (request, reply) => {
        const { name, format } = splitFormat((request.params as { file: string }).file);
        await checkJurisdiction((request.query as { jurisdiction_id?: string }).jurisdiction_id);
        const row = await ctx.cases.getByNo(name.trim());
        if (!row) throw notFound(`service_request_id "${name}" was not found`);
        return sendList(reply, format, 'service_requests', 'request', [await mapping.request(row)]);
      });

      open311.get('/tokens/:file', { schema: schema('The service request a token stands for', { params: FileParams, querystring: JurisdictionQuery }) }, async (request, reply) => {
        const { name, format } = splitFormat((request.params as { file: string }).file);
        await checkJurisdiction((request.query as { jurisdiction_id?: string }).jurisdiction_id);
        const token = normalizeTrackingCode(name);
        const submission = token ? await ctx.intakeStore.submissionByToken(token) : undefined;
        const row = submission && await ctx.cases.get(submission.caseId);
        if (!submission || !row) throw notFound(`token "${name}" was not found`);
        return sendList(reply, format, 'service_requests', 'request', [{ service_request_id: row.caseNo, token: submission.token }]);
      });
    },
    { prefix: OPEN311_PREFIX },
  );

  function parseDate(raw: string | undefined, field: string): number | undefined {
    if (raw === undefined || raw.trim() === '') return undefined;
    const ms = Date.parse(raw.trim());
    if (Number.isNaN(ms)) throw badRequest(`${field} "${raw}" is not a w3 date-time such as 2026-01-01T00:00:00Z`, field);
    return ms;
  }

  async function findRequests(q: { service_request_id?: string; service_code?: string; start_date?: string; end_date?: string; status?: string }): Promise<CaseRow[]> {
    if (q.service_request_id?.trim()) {
      const ids = [...new Set(q.service_request_id.split(',').map((s) => s.trim()).filter(Boolean))];
      if (ids.length > MAX_IDS) throw badRequest(`At most ${MAX_IDS} service_request_id values at once`, 'service_request_id');
      const found: CaseRow[] = [];
      for (const id of ids) {
        const row = await ctx.cases.getByNo(id);
        if (row) found.push(row);
      }
      return found;
    }
    let start = parseDate(q.start_date, 'start_date');
    let end = parseDate(q.end_date, 'end_date');
    if (start === undefined && end === undefined) {
      end = ctx.clock.now();
      start = end - MAX_SPAN_DAYS * DAY;
    } else if (start === undefined) start = end! - MAX_SPAN_DAYS * DAY;
    else if (end === undefined) end = start + MAX_SPAN_DAYS * DAY;
    if (start > end!) throw badRequest('start_date is after end_date', 'start_date');
    if (end! - start > MAX_SPAN_DAYS * DAY) throw badRequest(`start_date and end_date may span at most ${MAX_SPAN_DAYS} days`, 'end_date');

    let states: CaseState[] | undefined;
    if (q.status?.trim()) {
      const wanted = new Set(q.status.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
      for (const s of wanted) if (s !== 'open' && s !== 'closed') throw badRequest(`status "${s}" is neither open nor closed`, 'status');
      if (wanted.size === 1) states = CASE_STATES.filter((s) => TERMINAL_STATES.has(s) === wanted.has('closed'));
    }
    const base: CaseFilter = { from: start, to: end! + 1, states };
    const filters: CaseFilter[] = [];
    if (q.service_code?.trim()) {
      for (const text of new Set(q.service_code.split(',').map((s) => s.trim()).filter(Boolean))) {
        const ref = parseServiceCode(text);
        if (!ref) throw badRequest(`service_code "${text}" is not a service code such as E0406`, 'service_code');
        filters.push({ ...base, kind: ref.kind, classCode: ref.code });
      }
    } else filters.push(base);
    const rows: CaseRow[] = [];
    for (const f of filters) rows.push(...(await ctx.cases.list(f, MAX_REQUESTS, 0)).rows);
    return rows.sort((a, b) => b.reportedAt - a.reportedAt || b.id - a.id).slice(0, MAX_REQUESTS);
  }

  async function createRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const body = request.body as Record<string, string | string[] | undefined>;
    const one = (name: string): string | undefined => {
      const v = body[name];
      if (Array.isArray(v)) throw badRequest(`${name} was given more than once`, name);
      return v;
    };
    const key = await ctx.channelKeys.verify(one('api_key'), 'open311');
    await checkJurisdiction(one('jurisdiction_id'));
    const codeText = one('service_code')!.trim();
    if (!codeText) throw badRequest('service_code was not provided', 'service_code');
    const ref = parseServiceCode(codeText);
    if (!ref || !await mapping.serviceClass(ref)) throw notFound(`service_code "${codeText}" was not found`);

    const attributes: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(body)) {
      const m = /^attribute\[([A-Za-z0-9_]{1,40})\](\[\])?$/.exec(name);
      if (m && value !== undefined) attributes[m[1]!] = value;
    }
    const attribute = (code: string, max: number) => {
      const v = attributes[code];
      if (v === undefined) return null;
      if (Array.isArray(v)) throw badRequest(`attribute[${code}] takes one value`, `attribute[${code}]`);
      return inertOptional(v, `attribute[${code}]`, max);
    };
    const landmark = attribute('landmark', 100);
    const componentId = ref.kind === 'component' ? attribute('component_id', 17) : null;
    if (componentId !== null && !/^\d{16,17}$/.test(componentId)) throw badRequest('attribute[component_id] must be 16 or 17 digits', 'attribute[component_id]');

    const input: IntakeInput = {
      source: 'open311',
      kind: ref.kind,
      classCode: ref.code,
      description: inertText(one('description') ?? '', 'description', 4000),
      componentId,
    };
    const latText = one('lat')?.trim();
    const longText = one('long')?.trim();
    const addressString = inertOptional(one('address_string'), 'address_string', 256);
    const addressId = one('address_id')?.trim();
    if (latText || longText) {
      if (!latText || !longText) throw badRequest('lat and long must be sent together', latText ? 'long' : 'lat');
      const lat = Number(latText);
      const lon = Number(longText);
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw badRequest('lat and long must be decimal degrees (WGS84)', 'lat');
      checkLonLat(lon, lat, { lon: 'long', lat: 'lat' });
      input.lat = lat;
      input.lon = lon;
      input.address = addressString;
    } else if (addressId) {
      const place = /^\d{1,12}$/.test(addressId) ? await ctx.places.get(Number(addressId)) : undefined;
      if (!place) throw notFound(`address_id "${addressId}" was not found`);
      input.lat = place.lat;
      input.lon = place.lon;
      input.address = place.name;
    } else if (addressString) {
      const located = await ctx.geocoder.forward(addressString, 'address_string');
      input.lat = located.lat;
      input.lon = located.lon;
      input.address = addressString;
    } else {
      throw badRequest('A location is required: lat and long, address_string or address_id', 'lat');
    }
    if (landmark && input.address) input.address = `${input.address}（${landmark}）`;
    else if (landmark) input.description = `${input.description}\n附近：${landmark}`.trim();

    const mediaUrl = inertOptional(one('media_url'), 'media_url', 1024);
    if (mediaUrl && !/^https?:\/\/[^\s]+$/i.test(mediaUrl)) throw badRequest('media_url must be an http(s) URL', 'media_url');
    const firstName = inertOptional(one('first_name'), 'first_name', 64);
    const lastName = inertOptional(one('last_name'), 'last_name', 64);
    const phone = inertOptional(one('phone'), 'phone', 32);
    const email = inertOptional(one('email'), 'email', 254);
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) throw badRequest('email is not an email address', 'email');
    input.reporterName = [firstName, lastName].filter(Boolean).join(' ') || null;
    input.reporterContact = phone ?? email;
    const deviceId = inertOptional(one('device_id'), 'device_id', 128);

    const done = await ctx.submissions.submit(input, [], {
      channel: 'open311',
      keyId: key.id,
      device: deviceId ? `open311:${key.id}:${deviceId}` : null,
      quota: deviceId !== null,
      accountId: inertOptional(one('account_id'), 'account_id', 64),
      email,
      phone,
      firstName,
      lastName,
      mediaUrl,
      attributes: Object.keys(attributes).length ? attributes : null,
    }, SYSTEM_ACTOR);
    const row = done.change.case;
    const notice = `已受理，案卷编号 ${row.caseNo}；请用 service_request_id 查询办理进度 (Received as case ${row.caseNo})`;
    return sendList(reply, formatOf(request), 'service_requests', 'request', [{ service_request_id: row.caseNo, service_notice: notice, account_id: done.submission.accountId }], 201);
  }
}

