// The ONVIF services of a simulated camera over HTTP: device management, media (Profile S),
// PTZ and events (pull-point subscriptions, events.ts), as SOAP 1.2 with WS-UsernameToken,
// plus the snapshot URL (HTTP digest). Written
// from the ONVIF core, media and PTZ specifications; checked with node-onvif and the `onvif`
// package, which read it the way they read real cameras.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { version } from '../../../runtime/version.js';
import { zoneOffsetMinutes } from '../../../runtime/zone.js';
import type { SimCamera } from './camera.js';
import { DigestRealm } from './digest.js';
import { EventFault, SimEventSource } from './events.js';
import { SCENE_HEIGHT, SCENE_WIDTH } from './picture.js';
import { MAX_PRESETS, type PtzPosition } from './ptz.js';
import {
  FAULTS,
  NS,
  UsernameTokenChecker,
  attr,
  child,
  envelope,
  escapeXml as x,
  faultXml,
  parseDuration,
  parseSoap,
  text,
  SoapError,
  type SoapFault,
  type SoapRequest,
  type XmlNode,
} from './soap.js';

const MAX_BODY = 256 * 1024;
type Service = 'device' | 'media' | 'ptz' | 'events' | 'subscription';
const SERVICE_PATHS: Record<string, Service> = {
  '/onvif/device_service': 'device',
  '/onvif/media_service': 'media',
  '/onvif/ptz_service': 'ptz',
  '/onvif/events_service': 'events',
};
const SUBSCRIPTION_PATH = /^\/onvif\/subscription\/([0-9a-f]{1,32})$/;
/** Operations any client may call before it authenticates (ONVIF core spec, access class PRE_AUTH). */
const PRE_AUTH = new Set(['GetSystemDateAndTime', 'GetCapabilities', 'GetServices', 'GetServiceCapabilities', 'GetHostname', 'GetWsdlUrl', 'GetEndpointReference']);

const SPACE = {
  panTiltPosition: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace',
  zoomPosition: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace',
  panTiltTranslation: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/TranslationGenericSpace',
  zoomTranslation: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/TranslationGenericSpace',
  panTiltVelocity: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace',
  zoomVelocity: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace',
  panTiltSpeed: 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/GenericSpeedSpace',
  zoomSpeed: 'http://www.onvif.org/ver10/tptz/ZoomSpaces/ZoomGenericSpeedSpace',
};

class Fault extends Error {
  constructor(readonly fault: SoapFault) {
    super(fault.reason);
  }
}

const range = (min: number, max: number) => `<tt:Min>${min}</tt:Min><tt:Max>${max}</tt:Max>`;
const space2d = (tag: string, uri: string, lo = -1) => `<tt:${tag}><tt:URI>${uri}</tt:URI><tt:XRange>${range(lo, 1)}</tt:XRange><tt:YRange>${range(lo, 1)}</tt:YRange></tt:${tag}>`;
const space1d = (tag: string, uri: string, lo: number) => `<tt:${tag}><tt:URI>${uri}</tt:URI><tt:XRange>${range(lo, 1)}</tt:XRange></tt:${tag}>`;

function num(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Fault(FAULTS.invalidArg(`${what} is not a number`));
  return n;
}

/** PanTilt x/y and Zoom x of a PTZVector or PTZSpeed element. */
function vector(node: XmlNode | undefined, what: string): Partial<PtzPosition> {
  const panTilt = child(node, 'PanTilt');
  const zoom = child(node, 'Zoom');
  const out: Partial<PtzPosition> = {};
  const pan = num(attr(panTilt, 'x'), `${what} PanTilt x`);
  const tilt = num(attr(panTilt, 'y'), `${what} PanTilt y`);
  const z = num(attr(zoom, 'x'), `${what} Zoom x`);
  if (pan !== undefined) out.pan = pan;
  if (tilt !== undefined) out.tilt = tilt;
  if (z !== undefined) out.zoom = z;
  return out;
}

export interface OnvifServiceOptions {
  camera: SimCamera;
  /** http://127.0.0.1:port of this camera. */
  baseUrl: () => string;
  /** The RTSP URL of a stream path. */
  rtspUrl: (path: string) => string;
  /** Answers on this host and port (for the `onvif` package, which rebuilds URLs). */
}

export class OnvifService {
  private readonly tokens = new UsernameTokenChecker();
  private readonly realm = new DigestRealm('Gridhall-SimCam');
  /** The camera's event source: pull-point subscriptions and what it detects. */
  readonly events = new SimEventSource();
  /** Its event service answers with a fault (a camera whose event service fails: tests). */
  eventsBroken = false;

  constructor(private readonly options: OnvifServiceOptions) {}

  private get camera(): SimCamera {
    return this.options.camera;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://camera');
    if (req.method === 'GET' && url.pathname === '/onvif/snapshot') {
      void this.snapshot(req, res, url.searchParams.get('profile') ?? 'main');
      return;
    }
    const subscription = SUBSCRIPTION_PATH.exec(url.pathname)?.[1];
    const service = subscription ? 'subscription' : SERVICE_PATHS[url.pathname];
    if (!service) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => void this.soap(service, Buffer.concat(chunks).toString('utf8'), res, subscription));
  }

  private async soap(service: Service, xml: string, res: ServerResponse, subscription?: string): Promise<void> {
    let status = 200;
    let body: string;
    try {
      let request: SoapRequest;
      try {
        request = parseSoap(xml);
      } catch (error) {
        throw new Fault(FAULTS.badXml(error instanceof SoapError ? error.message : 'bad request'));
      }
      if (!PRE_AUTH.has(request.operation) && !this.tokens.check(request.security, this.camera.spec.username, this.camera.spec.password)) {
        throw new Fault(FAULTS.notAuthorized);
      }
      const answer = service === 'events' || service === 'subscription' ? await this.eventOperation(request, subscription) : this.operation(service, request);
      body = envelope(answer);
    } catch (error) {
      const fault =
        error instanceof Fault
          ? error.fault
          : error instanceof EventFault
            ? { status: error.code === 'Sender' ? 400 : 500, code: error.code, subcode: error.subcode, reason: error.message }
            : { status: 500, code: 'Receiver' as const, subcode: 'ter:Action', reason: String((error as Error).message) };
      status = fault.status;
      body = faultXml(fault);
    }
    if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' }).end(body);
  }

  /** The event service (CreatePullPointSubscription) and a pull point's own address (PullMessages, Renew, Unsubscribe). */
  private eventOperation(req: SoapRequest, subscription: string | undefined): string | Promise<string> {
    if (this.eventsBroken) throw new EventFault('Receiver', 'ter:Action', 'The event service is not available (simulated failure)');
    const b = req.body;
    if (subscription === undefined) {
      switch (req.operation) {
        case 'CreatePullPointSubscription':
          return this.events.create(text(b.InitialTerminationTime), this.options.baseUrl());
        case 'GetServiceCapabilities':
          return '<tev:GetServiceCapabilitiesResponse><tev:Capabilities WSSubscriptionPolicySupport="false" WSPullPointSupport="true" MaxPullPoints="16"/></tev:GetServiceCapabilitiesResponse>';
        case 'GetEventProperties':
          return (
            '<tev:GetEventPropertiesResponse><tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation>' +
            '<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet><tev:MessageContentFilterDialect>http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter</tev:MessageContentFilterDialect></tev:GetEventPropertiesResponse>'
          );
        default:
          throw new Fault(FAULTS.actionNotSupported(req.operation));
      }
    }
    switch (req.operation) {
      case 'PullMessages':
        return this.events.pull(subscription, text(b.Timeout), Number(text(b.MessageLimit) ?? 32) || 32);
      case 'Renew':
        return this.events.renew(subscription, text(b.TerminationTime));
      case 'Unsubscribe':
        return this.events.unsubscribe(subscription);
      default:
        throw new Fault(FAULTS.actionNotSupported(req.operation));
    }
  }

  private operation(service: Exclude<Service, 'events' | 'subscription'>, req: SoapRequest): string {
    const ops: Record<typeof service, Record<string, (b: XmlNode) => string>> = {
      device: {
        GetSystemDateAndTime: () => this.dateAndTime(),
        GetCapabilities: (b) => this.capabilities(text(b.Category) ?? 'All'),
        GetServices: (b) => this.services(text(b.IncludeCapability) === 'true'),
        GetServiceCapabilities: () => '<tds:GetServiceCapabilitiesResponse><tds:Capabilities><tds:Network/><tds:Security UsernameToken="true" HttpDigest="true"/><tds:System DiscoveryBye="true"/></tds:Capabilities></tds:GetServiceCapabilitiesResponse>',
        GetDeviceInformation: () => this.deviceInformation(),
        GetHostname: () => `<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false</tt:FromDHCP><tt:Name>${x(this.camera.spec.code)}</tt:Name></tds:HostnameInformation></tds:GetHostnameResponse>`,
        GetScopes: () => `<tds:GetScopesResponse>${this.scopes().map((s) => `<tds:Scopes><tt:ScopeDef>Fixed</tt:ScopeDef><tt:ScopeItem>${x(s)}</tt:ScopeItem></tds:Scopes>`).join('')}</tds:GetScopesResponse>`,
      },
      media: {
        GetProfiles: () => `<trt:GetProfilesResponse>${this.camera.profiles.map((p) => this.profileXml(p.token, 'Profiles')).join('')}</trt:GetProfilesResponse>`,
        GetProfile: (b) => `<trt:GetProfileResponse>${this.profileXml(this.profileToken(b), 'Profile')}</trt:GetProfileResponse>`,
        GetVideoSources: () => this.videoSources(),
        GetVideoSourceConfigurations: () => `<trt:GetVideoSourceConfigurationsResponse>${this.sourceConfiguration('Configurations')}</trt:GetVideoSourceConfigurationsResponse>`,
        GetVideoEncoderConfigurations: () =>
          `<trt:GetVideoEncoderConfigurationsResponse>${this.camera.profiles.map((p) => this.encoderConfiguration(p.token, 'Configurations')).join('')}</trt:GetVideoEncoderConfigurationsResponse>`,
        GetStreamUri: (b) => this.streamUri(b),
        GetSnapshotUri: (b) => this.mediaUri('GetSnapshotUriResponse', `${this.options.baseUrl()}/onvif/snapshot?profile=${this.profileToken(b)}`),
        GetServiceCapabilities: () =>
          '<trt:GetServiceCapabilitiesResponse><trt:Capabilities SnapshotUri="true" Rotation="false" VideoSourceMode="false" OSD="false"><trt:ProfileCapabilities MaximumNumberOfProfiles="2"/><trt:StreamingCapabilities RTPMulticast="false" RTP_TCP="true" RTP_RTSP_TCP="true" NonAggregateControl="false"/></trt:Capabilities></trt:GetServiceCapabilitiesResponse>',
      },
      ptz: this.camera.spec.ptz ? this.ptzOperations() : {},
    };
    const handler = ops[service][req.operation];
    if (!handler) throw new Fault(FAULTS.actionNotSupported(req.operation));
    return handler(req.body);
  }

  private ptzOperations(): Record<string, (b: XmlNode) => string> {
    const head = this.camera.head;
    return {
      GetServiceCapabilities: () => '<tptz:GetServiceCapabilitiesResponse><tptz:Capabilities EFlip="false" Reverse="false" GetCompatibleConfigurations="false" MoveStatus="true" StatusPosition="true"/></tptz:GetServiceCapabilitiesResponse>',
      GetNodes: () => `<tptz:GetNodesResponse>${this.nodeXml('PTZNode')}</tptz:GetNodesResponse>`,
      GetNode: (b) => {
        if (text(b.NodeToken) !== 'ptz0') throw new Fault(FAULTS.invalidArg('No such PTZ node'));
        return `<tptz:GetNodeResponse>${this.nodeXml('PTZNode')}</tptz:GetNodeResponse>`;
      },
      GetConfigurations: () => `<tptz:GetConfigurationsResponse>${this.ptzConfiguration('PTZConfiguration')}</tptz:GetConfigurationsResponse>`,
      GetConfiguration: () => `<tptz:GetConfigurationResponse>${this.ptzConfiguration('PTZConfiguration')}</tptz:GetConfigurationResponse>`,
      GetStatus: (b) => {
        this.profileToken(b);
        const p = head.current;
        const moving = head.moving ? 'MOVING' : 'IDLE';
        return (
          `<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position>${this.positionXml(p)}</tt:Position>` +
          `<tt:MoveStatus><tt:PanTilt>${moving}</tt:PanTilt><tt:Zoom>${moving}</tt:Zoom></tt:MoveStatus>` +
          `<tt:UtcTime>${new Date().toISOString()}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`
        );
      },
      ContinuousMove: (b) => {
        this.profileToken(b);
        const velocity = vector(child(b, 'Velocity'), 'Velocity');
        const timeout = parseDuration(text(b.Timeout)) ?? 10_000;
        head.continuousMove(velocity, Math.min(timeout, 60_000));
        return '<tptz:ContinuousMoveResponse/>';
      },
      Stop: (b) => {
        this.profileToken(b);
        head.stop();
        return '<tptz:StopResponse/>';
      },
      AbsoluteMove: (b) => {
        this.profileToken(b);
        head.absoluteMove(vector(child(b, 'Position'), 'Position'));
        return '<tptz:AbsoluteMoveResponse/>';
      },
      RelativeMove: (b) => {
        this.profileToken(b);
        head.relativeMove(vector(child(b, 'Translation'), 'Translation'));
        return '<tptz:RelativeMoveResponse/>';
      },
      GotoHomePosition: (b) => {
        this.profileToken(b);
        head.gotoHome();
        return '<tptz:GotoHomePositionResponse/>';
      },
      SetHomePosition: (b) => {
        this.profileToken(b);
        head.setHome();
        return '<tptz:SetHomePositionResponse/>';
      },
      GetPresets: (b) => {
        this.profileToken(b);
        const presets = head.listPresets().map((p) => `<tptz:Preset token="${x(p.token)}"><tt:Name>${x(p.name)}</tt:Name><tt:PTZPosition>${this.positionXml(p.position)}</tt:PTZPosition></tptz:Preset>`);
        return `<tptz:GetPresetsResponse>${presets.join('')}</tptz:GetPresetsResponse>`;
      },
      SetPreset: (b) => {
        this.profileToken(b);
        try {
          const preset = head.setPreset(text(b.PresetName), text(b.PresetToken));
          return `<tptz:SetPresetResponse><tptz:PresetToken>${x(preset.token)}</tptz:PresetToken></tptz:SetPresetResponse>`;
        } catch (error) {
          throw new Fault(FAULTS.invalidArg((error as Error).message === 'NoToken' ? 'No such preset token' : 'Too many presets'));
        }
      },
      GotoPreset: (b) => {
        this.profileToken(b);
        if (!head.gotoPreset(text(b.PresetToken) ?? '')) throw new Fault(FAULTS.invalidArg('No such preset token'));
        return '<tptz:GotoPresetResponse/>';
      },
      RemovePreset: (b) => {
        this.profileToken(b);
        if (!head.removePreset(text(b.PresetToken) ?? '')) throw new Fault(FAULTS.invalidArg('No such preset token'));
        return '<tptz:RemovePresetResponse/>';
      },
    };
  }

  private profileToken(body: XmlNode): string {
    const token = text(body.ProfileToken);
    if (!token || !this.camera.profile(token)) throw new Fault(FAULTS.invalidArg(`No such profile: ${token ?? '(none)'}`));
    return token;
  }

  private xaddr(service: Exclude<Service, 'subscription'>): string {
    return `${this.options.baseUrl()}/onvif/${service}_service`;
  }

  private scopes(): string[] {
    const s = this.camera.spec;
    return [
      'onvif://www.onvif.org/Profile/Streaming',
      'onvif://www.onvif.org/type/video_encoder',
      ...(s.ptz ? ['onvif://www.onvif.org/type/ptz'] : []),
      `onvif://www.onvif.org/name/${encodeURIComponent(s.name)}`,
      `onvif://www.onvif.org/hardware/${encodeURIComponent(s.model ?? (s.ptz ? 'SimCam-PTZ' : 'SimCam-Bullet'))}`,
      'onvif://www.onvif.org/location/county/gridhall',
    ];
  }

  scopeList(): string[] {
    return this.scopes();
  }

  private dateAndTime(): string {
    const now = new Date();
    const dt = (d: Date) =>
      `<tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time>` +
      `<tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date>`;
    const offset = zoneOffsetMinutes(this.options.camera.timeZone, now.getTime());
    const local = new Date(now.getTime() + offset * 60_000);
    // ONVIF's TZ is POSIX: the sign is west-positive ("CST-8" is UTC+8).
    const posix = `LOC${offset > 0 ? '-' : '+'}${Math.floor(Math.abs(offset) / 60)}${Math.abs(offset) % 60 ? `:${String(Math.abs(offset) % 60).padStart(2, '0')}` : ''}`;
    return (
      '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>' +
      `<tt:TimeZone><tt:TZ>${posix}</tt:TZ></tt:TimeZone><tt:UTCDateTime>${dt(now)}</tt:UTCDateTime><tt:LocalDateTime>${dt(local)}</tt:LocalDateTime>` +
      '</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>'
    );
  }

  private capabilities(category: string): string {
    const all = category === 'All';
    const parts: string[] = [];
    if (all || category === 'Device') {
      parts.push(
        `<tt:Device><tt:XAddr>${this.xaddr('device')}</tt:XAddr><tt:Network><tt:IPFilter>false</tt:IPFilter><tt:ZeroConfiguration>false</tt:ZeroConfiguration><tt:IPVersion6>false</tt:IPVersion6><tt:DynDNS>false</tt:DynDNS></tt:Network>` +
          '<tt:System><tt:DiscoveryResolve>false</tt:DiscoveryResolve><tt:DiscoveryBye>true</tt:DiscoveryBye><tt:RemoteDiscovery>false</tt:RemoteDiscovery><tt:SystemBackup>false</tt:SystemBackup><tt:SystemLogging>false</tt:SystemLogging><tt:FirmwareUpgrade>false</tt:FirmwareUpgrade>' +
          '<tt:SupportedVersions><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tt:SupportedVersions></tt:System>' +
          '<tt:Security><tt:TLS1.1>false</tt:TLS1.1><tt:TLS1.2>false</tt:TLS1.2><tt:OnboardKeyGeneration>false</tt:OnboardKeyGeneration><tt:AccessPolicyConfig>false</tt:AccessPolicyConfig><tt:X.509Token>false</tt:X.509Token><tt:SAMLToken>false</tt:SAMLToken><tt:KerberosToken>false</tt:KerberosToken><tt:RELToken>false</tt:RELToken></tt:Security></tt:Device>',
      );
    }
    if (all || category === 'Media') {
      parts.push(
        `<tt:Media><tt:XAddr>${this.xaddr('media')}</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>`,
      );
    }
    if ((all || category === 'PTZ') && this.camera.spec.ptz) parts.push(`<tt:PTZ><tt:XAddr>${this.xaddr('ptz')}</tt:XAddr></tt:PTZ>`);
    if (all || category === 'Events') {
      parts.push(`<tt:Events><tt:XAddr>${this.xaddr('events')}</tt:XAddr><tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport><tt:WSPullPointSupport>true</tt:WSPullPointSupport><tt:WSPausableSubscriptionManagerInterfaceSupport>false</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events>`);
    }
    if (parts.length === 0) throw new Fault({ status: 400, code: 'Receiver', subcode: 'ter:NoSuchService', reason: `No ${category} service` });
    return `<tds:GetCapabilitiesResponse><tds:Capabilities>${parts.join('')}</tds:Capabilities></tds:GetCapabilitiesResponse>`;
  }

  private services(withCapabilities: boolean): string {
    const service = (ns: string, xaddr: string, caps: string) =>
      `<tds:Service><tds:Namespace>${ns}</tds:Namespace><tds:XAddr>${xaddr}</tds:XAddr>${withCapabilities ? `<tds:Capabilities>${caps}</tds:Capabilities>` : ''}<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>`;
    const list = [
      service(NS.tds, this.xaddr('device'), '<tds:Capabilities><tds:Network/><tds:Security UsernameToken="true" HttpDigest="true"/><tds:System DiscoveryBye="true"/></tds:Capabilities>'),
      service(NS.trt, this.xaddr('media'), '<trt:Capabilities SnapshotUri="true"><trt:ProfileCapabilities MaximumNumberOfProfiles="2"/><trt:StreamingCapabilities RTPMulticast="false" RTP_TCP="true" RTP_RTSP_TCP="true"/></trt:Capabilities>'),
    ];
    if (this.camera.spec.ptz) list.push(service(NS.tptz, this.xaddr('ptz'), '<tptz:Capabilities MoveStatus="true" StatusPosition="true"/>'));
    list.push(service(NS.tev, this.xaddr('events'), '<tev:Capabilities WSSubscriptionPolicySupport="false" WSPullPointSupport="true" MaxPullPoints="16"/>'));
    return `<tds:GetServicesResponse>${list.join('')}</tds:GetServicesResponse>`;
  }

  private deviceInformation(): string {
    const s = this.camera.spec;
    return (
      `<tds:GetDeviceInformationResponse><tds:Manufacturer>${x(s.manufacturer ?? 'Gridhall Simulated')}</tds:Manufacturer>` +
      `<tds:Model>${x(s.model ?? (s.ptz ? 'SimCam-PTZ' : 'SimCam-Bullet'))}</tds:Model><tds:FirmwareVersion>${x(version)}</tds:FirmwareVersion>` +
      `<tds:SerialNumber>${x(s.code)}</tds:SerialNumber><tds:HardwareId>${x(s.code)}</tds:HardwareId></tds:GetDeviceInformationResponse>`
    );
  }

  private sourceConfiguration(tag: string): string {
    return `<trt:${tag} token="vsc0"><tt:Name>VideoSourceConfig</tt:Name><tt:UseCount>${this.camera.profiles.length}</tt:UseCount><tt:SourceToken>vs0</tt:SourceToken><tt:Bounds x="0" y="0" width="${SCENE_WIDTH}" height="${SCENE_HEIGHT}"/></trt:${tag}>`;
  }

  private encoderConfiguration(token: string, tag: string): string {
    const p = this.camera.profile(token)!;
    return (
      // An H.265 profile says so in Media 1's Encoding, as many cameras do (the schema lists only
      // JPEG, MPEG4 and H264; Media 2 would name it properly): clients must check the stream too.
      `<trt:${tag} token="vec_${p.token}"><tt:Name>${p.name}</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>${p.encoding ?? 'H264'}</tt:Encoding>` +
      `<tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution><tt:Quality>4</tt:Quality>` +
      `<tt:RateControl><tt:FrameRateLimit>${p.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>${p.kbps}</tt:BitrateLimit></tt:RateControl>` +
      (p.encoding === 'H265' ? '' : `<tt:H264><tt:GovLength>${p.fps}</tt:GovLength><tt:H264Profile>Baseline</tt:H264Profile></tt:H264>`) +
      '<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address><tt:Port>0</tt:Port><tt:TTL>1</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>' +
      `<tt:SessionTimeout>PT60S</tt:SessionTimeout></trt:${tag}>`
    );
  }

  private ptzConfiguration(tag: string): string {
    return (
      `<tptz:${tag} token="ptzc0"><tt:Name>PTZ</tt:Name><tt:UseCount>${this.camera.profiles.length}</tt:UseCount><tt:NodeToken>ptz0</tt:NodeToken>` +
      `<tt:DefaultAbsolutePantTiltPositionSpace>${SPACE.panTiltPosition}</tt:DefaultAbsolutePantTiltPositionSpace>` +
      `<tt:DefaultAbsoluteZoomPositionSpace>${SPACE.zoomPosition}</tt:DefaultAbsoluteZoomPositionSpace>` +
      `<tt:DefaultRelativePanTiltTranslationSpace>${SPACE.panTiltTranslation}</tt:DefaultRelativePanTiltTranslationSpace>` +
      `<tt:DefaultRelativeZoomTranslationSpace>${SPACE.zoomTranslation}</tt:DefaultRelativeZoomTranslationSpace>` +
      `<tt:DefaultContinuousPanTiltVelocitySpace>${SPACE.panTiltVelocity}</tt:DefaultContinuousPanTiltVelocitySpace>` +
      `<tt:DefaultContinuousZoomVelocitySpace>${SPACE.zoomVelocity}</tt:DefaultContinuousZoomVelocitySpace>` +
      `<tt:DefaultPTZSpeed><tt:PanTilt x="1" y="1" space="${SPACE.panTiltSpeed}"/><tt:Zoom x="1" space="${SPACE.zoomSpeed}"/></tt:DefaultPTZSpeed>` +
      '<tt:DefaultPTZTimeout>PT10S</tt:DefaultPTZTimeout>' +
      `<tt:PanTiltLimits><tt:Range><tt:URI>${SPACE.panTiltPosition}</tt:URI><tt:XRange>${range(-1, 1)}</tt:XRange><tt:YRange>${range(-1, 1)}</tt:YRange></tt:Range></tt:PanTiltLimits>` +
      `<tt:ZoomLimits><tt:Range><tt:URI>${SPACE.zoomPosition}</tt:URI><tt:XRange>${range(0, 1)}</tt:XRange></tt:Range></tt:ZoomLimits>` +
      `</tptz:${tag}>`
    );
  }

  private nodeXml(tag: string): string {
    return (
      `<tptz:${tag} token="ptz0" FixedHomePosition="false" GeoMove="false"><tt:Name>PTZ</tt:Name><tt:SupportedPTZSpaces>` +
      space2d('AbsolutePanTiltPositionSpace', SPACE.panTiltPosition) +
      space1d('AbsoluteZoomPositionSpace', SPACE.zoomPosition, 0) +
      space2d('RelativePanTiltTranslationSpace', SPACE.panTiltTranslation) +
      space1d('RelativeZoomTranslationSpace', SPACE.zoomTranslation, -1) +
      space2d('ContinuousPanTiltVelocitySpace', SPACE.panTiltVelocity) +
      space1d('ContinuousZoomVelocitySpace', SPACE.zoomVelocity, -1) +
      space1d('PanTiltSpeedSpace', SPACE.panTiltSpeed, 0) +
      space1d('ZoomSpeedSpace', SPACE.zoomSpeed, 0) +
      `</tt:SupportedPTZSpaces><tt:MaximumNumberOfPresets>${MAX_PRESETS}</tt:MaximumNumberOfPresets><tt:HomeSupported>true</tt:HomeSupported></tptz:${tag}>`
    );
  }

  private positionXml(p: PtzPosition): string {
    return `<tt:PanTilt x="${p.pan.toFixed(4)}" y="${p.tilt.toFixed(4)}" space="${SPACE.panTiltPosition}"/><tt:Zoom x="${p.zoom.toFixed(4)}" space="${SPACE.zoomPosition}"/>`;
  }

  private profileXml(token: string, tag: string): string {
    const p = this.camera.profile(token)!;
    return (
      `<trt:${tag} token="${p.token}" fixed="true"><tt:Name>${p.name}</tt:Name>` +
      this.sourceConfiguration('VideoSourceConfiguration').replaceAll('trt:VideoSourceConfiguration', 'tt:VideoSourceConfiguration') +
      this.encoderConfiguration(token, 'VideoEncoderConfiguration').replaceAll('trt:VideoEncoderConfiguration', 'tt:VideoEncoderConfiguration') +
      (this.camera.spec.ptz ? this.ptzConfiguration('PTZConfiguration').replaceAll('tptz:PTZConfiguration', 'tt:PTZConfiguration') : '') +
      `</trt:${tag}>`
    );
  }

  private videoSources(): string {
    return `<trt:GetVideoSourcesResponse><trt:VideoSources token="vs0"><tt:Framerate>25</tt:Framerate><tt:Resolution><tt:Width>${SCENE_WIDTH}</tt:Width><tt:Height>${SCENE_HEIGHT}</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>`;
  }

  private streamUri(body: XmlNode): string {
    const token = this.profileToken(body);
    const protocol = text(child(child(body, 'StreamSetup'), 'Transport')?.Protocol) ?? 'RTSP';
    // RTP rides on the RTSP connection; a UDP request gets the same URI (SETUP then asks for TCP).
    if (protocol === 'HTTP') throw new Fault({ status: 400, code: 'Sender', subcode: 'ter:InvalidArgVal', reason: 'RTSP over HTTP is not supported' });
    return this.mediaUri('GetStreamUriResponse', this.options.rtspUrl(this.camera.streamPath(token)));
  }

  private mediaUri(tag: string, uri: string): string {
    return `<trt:${tag}><trt:MediaUri><tt:Uri>${x(uri)}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:${tag}>`;
  }

  private async snapshot(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
    const spec = this.camera.spec;
    if (!this.realm.verify(req.headers.authorization, 'GET', (user) => (user === spec.username ? spec.password : undefined))) {
      res.writeHead(401, { 'www-authenticate': this.realm.challenge(), 'content-type': 'text/plain' }).end('unauthorized');
      return;
    }
    if (!this.camera.profile(token)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such profile');
      return;
    }
    try {
      const jpeg = await this.camera.snapshot(token);
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length }).end(jpeg);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String((error as Error).message));
    }
  }
}
