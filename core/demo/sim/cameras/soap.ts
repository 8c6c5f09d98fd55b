// SOAP 1.2 for the simulated ONVIF device: read a request (the operation and its fields),
// check its WS-UsernameToken (PasswordDigest = Base64(SHA-1(nonce + created + password))),
// and write answers and faults the way ONVIF devices do.
import { createHash, timingSafeEqual } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

export const NS = {
  s: 'http://www.w3.org/2003/05/soap-envelope',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  tev: 'http://www.onvif.org/ver10/events/wsdl',
  wsnt: 'http://docs.oasis-open.org/wsn/b-2',
  wsa5: 'http://www.w3.org/2005/08/addressing',
  tns1: 'http://www.onvif.org/ver10/topics',
  tt: 'http://www.onvif.org/ver10/schema',
  ter: 'http://www.onvif.org/ver10/error',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
} as const;

/** A parsed XML element: namespace prefixes dropped, attributes under "@_name", text under "#text". */
export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

export interface SoapRequest {
  operation: string;
  body: XmlNode;
  security: UsernameToken | undefined;
}

export interface UsernameToken {
  username: string;
  password: string;
  digest: boolean;
  nonce: string;
  created: string;
}

export class SoapError extends Error {}

export function text(value: XmlValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return text(value[0]);
  const t = value['#text'];
  return typeof t === 'string' ? t : undefined;
}

export function child(node: XmlValue | undefined, name: string): XmlNode | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  if (Array.isArray(node)) return child(node[0], name);
  const value = node[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return typeof value[0] === 'object' && !Array.isArray(value[0]) ? value[0] : undefined;
  return typeof value === 'string' ? { '#text': value } : value;
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** Parses a SOAP envelope; throws SoapError on anything that is not one. */
export function parseSoap(xml: string): SoapRequest {
  let doc: XmlNode;
  try {
    doc = parser.parse(xml, true) as XmlNode;
  } catch (error) {
    throw new SoapError(`not well-formed XML: ${(error as Error).message}`);
  }
  const envelope = child(doc, 'Envelope');
  const body = child(envelope, 'Body');
  if (!envelope || !body) throw new SoapError('not a SOAP envelope');
  const operation = Object.keys(body).find((k) => !k.startsWith('@_') && k !== '#text');
  if (!operation) throw new SoapError('empty SOAP body');
  const token = child(child(child(envelope, 'Header'), 'Security'), 'UsernameToken');
  let security: UsernameToken | undefined;
  if (token) {
    const password = child(token, 'Password');
    security = {
      username: text(token.Username) ?? '',
      password: text(password) ?? '',
      digest: (attr(password, 'Type') ?? '').endsWith('#PasswordDigest'),
      nonce: text(token.Nonce) ?? '',
      created: text(token.Created) ?? '',
    };
  }
  const op = body[operation];
  return { operation, body: typeof op === 'object' && !Array.isArray(op) ? op : {}, security };
}

/** Nonces seen recently (a replayed request is refused) and the allowed clock skew. */
export class UsernameTokenChecker {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly skewMs = 5 * 60 * 1000,
  ) {}

  check(token: UsernameToken | undefined, username: string, password: string): boolean {
    if (!token || token.username !== username) return false;
    if (!token.digest) return safeEqual(token.password, password);
    const created = Date.parse(token.created);
    const now = this.now();
    if (!Number.isFinite(created) || Math.abs(now - created) > this.skewMs) return false;
    if (!token.nonce) return false;
    const digest = createHash('sha1')
      .update(Buffer.concat([Buffer.from(token.nonce, 'base64'), Buffer.from(token.created, 'utf8'), Buffer.from(password, 'utf8')]))
      .digest('base64');
    if (!safeEqual(token.password, digest)) return false;
    if (this.seen.has(token.nonce)) return false;
    this.seen.set(token.nonce, now);
    if (this.seen.size > 2048) for (const [n, at] of this.seen) if (now - at > this.skewMs * 2) this.seen.delete(n);
    return true;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function escapeXml(value: string | number | boolean): string {
  return String(value).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export function envelope(body: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<s:Envelope xmlns:s="${NS.s}" xmlns:tds="${NS.tds}" xmlns:trt="${NS.trt}" xmlns:tptz="${NS.tptz}" xmlns:tt="${NS.tt}" xmlns:ter="${NS.ter}" xmlns:tev="${NS.tev}" xmlns:wsnt="${NS.wsnt}" xmlns:wsa5="${NS.wsa5}" xmlns:tns1="${NS.tns1}">` +
    `<s:Body>${body}</s:Body></s:Envelope>`
  );
}

export interface SoapFault {
  status: number;
  code: 'Sender' | 'Receiver';
  subcode: string;
  reason: string;
}

export function faultXml(fault: SoapFault): string {
  return envelope(
    `<s:Fault><s:Code><s:Value>s:${fault.code}</s:Value><s:Subcode><s:Value>${fault.subcode}</s:Value></s:Subcode></s:Code>` +
      `<s:Reason><s:Text xml:lang="en">${escapeXml(fault.reason)}</s:Text></s:Reason></s:Fault>`,
  );
}

export const FAULTS = {
  notAuthorized: { status: 400, code: 'Sender', subcode: 'ter:NotAuthorized', reason: 'Sender not authorized' },
  actionNotSupported: (op: string): SoapFault => ({ status: 400, code: 'Receiver', subcode: 'ter:ActionNotSupported', reason: `Optional action ${op} not implemented` }),
  invalidArg: (reason: string): SoapFault => ({ status: 400, code: 'Sender', subcode: 'ter:InvalidArgVal', reason }),
  badXml: (reason: string): SoapFault => ({ status: 400, code: 'Sender', subcode: 'ter:WellFormed', reason }),
} satisfies Record<string, SoapFault | ((...a: string[]) => SoapFault)>;

/** ISO 8601 durations as ONVIF writes timeouts: PT5S, PT0.5S, PT1M, PT1H2M3S. */
export function parseDuration(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000;
}
