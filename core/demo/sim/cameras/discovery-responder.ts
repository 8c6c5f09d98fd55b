// WS-Discovery for the simulated cameras: answers Probe messages sent to the multicast group
// 239.255.255.250:3702 with one ProbeMatches per camera, unicast to the prober. The socket
// binds the group address and joins it on the loopback interface only, so it hears probes
// sent on loopback and nothing from the network (a socket bound to 127.0.0.1 hears no multicast).
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import { XMLParser } from 'fast-xml-parser';
import { escapeXml } from './soap.js';

export const WS_DISCOVERY_GROUP = '239.255.255.250';
export const WS_DISCOVERY_PORT = 3702;
/** WS-Discovery's APP_MAX_DELAY: answers are spread over this much time so a prober is not flooded. */
const MAX_DELAY_MS = 500;

export interface DiscoverableDevice {
  /** urn:uuid:… stays the same for the device's life. */
  endpoint: string;
  xaddr: string;
  scopes: string[];
  types: string;
}

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false });

/** The MessageID and Types of a Probe, or undefined when the datagram is not a Probe. */
export function readProbe(xml: string): { messageId: string; types: string } | undefined {
  try {
    const doc = parser.parse(xml) as { Envelope?: { Header?: { MessageID?: unknown; Action?: unknown }; Body?: { Probe?: { Types?: unknown } | '' } } };
    const env = doc.Envelope;
    if (!env?.Body || env.Body.Probe === undefined) return undefined;
    const probe = env.Body.Probe;
    const messageId = typeof env.Header?.MessageID === 'string' ? env.Header.MessageID : '';
    const types = typeof probe === 'object' && typeof probe.Types === 'string' ? probe.Types : '';
    return { messageId, types };
  } catch {
    return undefined;
  }
}

/** Whether a device of `dn:NetworkVideoTransmitter tds:Device` answers a probe for these types. */
function matches(probeTypes: string): boolean {
  const wanted = probeTypes.split(/\s+/).filter(Boolean).map((t) => t.replace(/^.*:/, ''));
  return wanted.length === 0 || wanted.every((t) => t === 'NetworkVideoTransmitter' || t === 'Device');
}

export function probeMatchXml(device: DiscoverableDevice, relatesTo: string, messageNumber: number): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
    `<s:Header><a:MessageID>urn:uuid:${randomUUID()}</a:MessageID><a:RelatesTo>${escapeXml(relatesTo)}</a:RelatesTo>` +
    '<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>' +
    '<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action>' +
    `<d:AppSequence InstanceId="1" MessageNumber="${messageNumber}"/></s:Header>` +
    '<s:Body><d:ProbeMatches><d:ProbeMatch>' +
    `<a:EndpointReference><a:Address>${escapeXml(device.endpoint)}</a:Address></a:EndpointReference>` +
    `<d:Types>${escapeXml(device.types)}</d:Types><d:Scopes>${device.scopes.map(escapeXml).join(' ')}</d:Scopes>` +
    `<d:XAddrs>${escapeXml(device.xaddr)}</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion>` +
    '</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>'
  );
}

export class DiscoveryResponder {
  private socket: dgram.Socket | null = null;
  private messageNumber = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly devices: () => DiscoverableDevice[],
    private readonly port = WS_DISCOVERY_PORT,
  ) {}

  async start(): Promise<void> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.port, WS_DISCOVERY_GROUP, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.addMembership(WS_DISCOVERY_GROUP, '127.0.0.1');
    socket.setMulticastInterface('127.0.0.1');
    socket.setMulticastTTL(1);
    socket.on('error', () => undefined);
    socket.on('message', (message, from) => this.answer(message.toString('utf8'), from));
    this.socket = socket;
  }

  private answer(xml: string, from: dgram.RemoteInfo): void {
    // Only loopback probers are answered: the simulator never talks to the network.
    if (!from.address.startsWith('127.')) return;
    const probe = readProbe(xml);
    if (!probe || !matches(probe.types)) return;
    for (const device of this.devices()) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        const reply = Buffer.from(probeMatchXml(device, probe.messageId, ++this.messageNumber));
        this.socket?.send(reply, from.port, from.address);
      }, Math.random() * MAX_DELAY_MS);
      this.timers.add(timer);
    }
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.socket?.close();
    this.socket = null;
  }
}
