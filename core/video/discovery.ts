// WS-Discovery scan for ONVIF cameras on one network interface the operator picks: a Probe
// for NetworkVideoTransmitter sent to 239.255.255.250:3702 out of that interface only (TTL 1),
// then the ProbeMatches that come back within the wait. node-onvif's own probe sends on the
// default interface, which is why Gridhall sends its own.
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import os from 'node:os';
import { XMLParser } from 'fast-xml-parser';
import type { NetworkInterfaceOption } from '../contract/index.js';
import { badRequest } from '../runtime/errors.js';

const GROUP = '239.255.255.250';
const PORT = 3702;
const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false });

export interface ProbeMatch {
  address: string;
  endpoint: string;
  scopes: string[];
  name: string | null;
  hardware: string | null;
}

export function probeXml(messageId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    '<s:Header><a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action>' +
    `<a:MessageID>${messageId}</a:MessageID>` +
    '<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
    '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>' +
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>'
  );
}

function scopeValue(scopes: string[], kind: string): string | null {
  const prefix = `onvif://www.onvif.org/${kind}/`;
  const hit = scopes.find((s) => s.startsWith(prefix));
  if (!hit) return null;
  try {
    return decodeURIComponent(hit.slice(prefix.length));
  } catch {
    return hit.slice(prefix.length);
  }
}

/** The matches in one ProbeMatches datagram that answer our probe. */
export function readProbeMatches(xml: string, messageId: string): ProbeMatch[] {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return [];
  }
  const env = doc.Envelope as { Header?: { RelatesTo?: unknown }; Body?: { ProbeMatches?: { ProbeMatch?: unknown } } } | undefined;
  if (!env || env.Header?.RelatesTo !== messageId) return [];
  const raw = env.Body?.ProbeMatches?.ProbeMatch;
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const matches: ProbeMatch[] = [];
  for (const item of list as { XAddrs?: unknown; Scopes?: unknown; EndpointReference?: { Address?: unknown } }[]) {
    const xaddrs = typeof item.XAddrs === 'string' ? item.XAddrs.split(/\s+/).filter(Boolean) : [];
    const address = xaddrs.find((a) => a.startsWith('http://')) ?? xaddrs[0];
    if (!address) continue;
    const scopes = typeof item.Scopes === 'string' ? item.Scopes.split(/\s+/).filter(Boolean) : [];
    matches.push({
      address,
      endpoint: typeof item.EndpointReference?.Address === 'string' ? item.EndpointReference.Address : address,
      scopes,
      name: scopeValue(scopes, 'name'),
      hardware: scopeValue(scopes, 'hardware'),
    });
  }
  return matches;
}

/** IPv4 interfaces a scan can go out of. */
export function scanInterfaces(): NetworkInterfaceOption[] {
  const out: NetworkInterfaceOption[] = [];
  for (const [name, addresses] of Object.entries(os.networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4') out.push({ name, address: a.address, loopback: a.internal });
  }
  return out.sort((a, b) => Number(b.loopback) - Number(a.loopback) || a.name.localeCompare(b.name));
}

/** Probes out of the interface with this IPv4 address; resolves with the distinct devices that answered. */
export async function discoverCameras(interfaceAddress: string, waitMs = 3000, port = PORT): Promise<ProbeMatch[]> {
  if (!scanInterfaces().some((i) => i.address === interfaceAddress)) {
    throw badRequest(`No network interface has the address ${interfaceAddress} (请选择本机的网卡)`, 'interface');
  }
  const socket = dgram.createSocket({ type: 'udp4' });
  const messageId = `urn:uuid:${randomUUID()}`;
  const found = new Map<string, ProbeMatch>();
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, interfaceAddress, () => resolve());
    });
    socket.setMulticastInterface(interfaceAddress);
    socket.setMulticastTTL(1);
    socket.on('error', () => undefined);
    socket.on('message', (message) => {
      for (const match of readProbeMatches(message.toString('utf8'), messageId)) if (!found.has(match.endpoint)) found.set(match.endpoint, match);
    });
    const probe = Buffer.from(probeXml(messageId));
    // UDP may drop a datagram: the probe goes out twice, as WS-Discovery suggests.
    socket.send(probe, port, GROUP);
    const again = setTimeout(() => socket.send(probe, port, GROUP), 250);
    await new Promise((r) => setTimeout(r, Math.max(500, waitMs)));
    clearTimeout(again);
  } finally {
    socket.close();
  }
  return [...found.values()];
}
