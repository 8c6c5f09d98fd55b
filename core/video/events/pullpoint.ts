// An ONVIF pull-point client (ONVIF Core §9.2, WS-BaseNotification), the SOAP written here:
// CreatePullPointSubscription at the camera's event service, PullMessages as a long poll at the
// subscription's own address, Renew before it expires, Unsubscribe at the end. Requests carry a
// WS-UsernameToken digest with the camera's clock (its skew measured by GetSystemDateAndTime,
// as cameras refuse tokens far from their own time). node-onvif has no pull point, hence this.
import { createHash, randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false, trimValues: true });

type Node = Record<string, unknown>;
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const nodeOf = (v: unknown): Node | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : Array.isArray(v) ? nodeOf(v[0]) : undefined);
const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof nodeOf(v)?.['#text'] === 'string' ? (nodeOf(v)!['#text'] as string) : undefined);

/** One notification as the camera sent it. */
export interface CameraNotification {
  /** The topic without namespace prefixes, e.g. RuleEngine/CellMotionDetector/Motion. */
  topic: string;
  /** UtcTime of the message (ms), or null when the camera did not say. */
  at: number | null;
  operation: string | null;
  source: Record<string, string>;
  data: Record<string, string>;
}

export class PullPointError extends Error {
  constructor(
    message: string,
    /** The subscription is gone (expired, unknown): subscribe again. */
    readonly gone = false,
  ) {
    super(message);
  }
}

export interface PullPointTarget {
  /** The device service address (XAddr). */
  deviceUrl: string;
  username: string | null;
  password: string | null;
}

/** Topics without their prefixes: "tns1:RuleEngine/LineDetector/Crossed" → "RuleEngine/LineDetector/Crossed". */
export function plainTopic(topic: string): string {
  return topic
    .trim()
    .split('/')
    .map((part) => part.replace(/^[A-Za-z0-9_-]+:/, ''))
    .join('/');
}

/** The notifications in a PullMessagesResponse body. */
export function readNotifications(response: Node): CameraNotification[] {
  return asArray(response.NotificationMessage).map((raw) => {
    const n = nodeOf(raw) ?? {};
    const message = nodeOf(nodeOf(n.Message)?.Message) ?? {};
    const items = (group: unknown) => Object.fromEntries(asArray(nodeOf(group)?.SimpleItem).map((i) => [String(nodeOf(i)?.['@_Name'] ?? ''), String(nodeOf(i)?.['@_Value'] ?? '')]));
    const utc = message['@_UtcTime'];
    const at = typeof utc === 'string' ? Date.parse(utc) : NaN;
    return {
      topic: plainTopic(textOf(n.Topic) ?? ''),
      at: Number.isFinite(at) ? at : null,
      operation: typeof message['@_PropertyOperation'] === 'string' ? message['@_PropertyOperation'] : null,
      source: items(message.Source),
      data: items(message.Data),
    };
  });
}

export class PullPointClient {
  private skewMs = 0;
  private subscription: string | null = null;
  private readonly aborter = new AbortController();
  terminationAt = 0;

  constructor(
    private readonly target: PullPointTarget,
    private readonly options: { timeoutMs?: number; now?: () => number } = {},
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private security(): string {
    if (!this.target.username) return '';
    const nonce = randomBytes(16);
    const created = new Date(Date.now() + this.skewMs).toISOString().replace(/\.\d+Z$/, 'Z');
    const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(this.target.password ?? '')])).digest('base64');
    return (
      '<wsse:Security s:mustUnderstand="1" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">' +
      `<wsse:UsernameToken><wsse:Username>${xml(this.target.username)}</wsse:Username>` +
      `<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${digest}</wsse:Password>` +
      `<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${nonce.toString('base64')}</wsse:Nonce>` +
      `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
    );
  }

  /** One SOAP request; the answer's Body, or a PullPointError saying what went wrong. */
  private async call(url: string, action: string, body: string, waitMs = 0): Promise<Node> {
    const envelope =
      '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing" ' +
      'xmlns:tev="http://www.onvif.org/ver10/events/wsdl" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:tds="http://www.onvif.org/ver10/device/wsdl">' +
      `<s:Header><a:Action s:mustUnderstand="1">${action}</a:Action><a:To s:mustUnderstand="1">${xml(url)}</a:To>${this.security()}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
        body: envelope,
        signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout((this.options.timeoutMs ?? 10_000) + waitMs)]),
      });
    } catch (error) {
      const why = error instanceof Error && error.name === 'TimeoutError' ? 'did not answer in time (设备无响应)' : `cannot be reached: ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message} (无法连接)`;
      throw new PullPointError(`The camera's event service ${why}`);
    }
    const text = await response.text();
    let doc: Node;
    try {
      doc = parser.parse(text) as Node;
    } catch {
      throw new PullPointError(`The camera's event service did not answer SOAP (HTTP ${response.status}) (事件服务应答异常)`);
    }
    const soapBody = nodeOf(nodeOf(doc.Envelope)?.Body);
    if (!soapBody) throw new PullPointError(`The camera's event service did not answer SOAP (HTTP ${response.status}) (事件服务应答异常)`);
    const fault = nodeOf(soapBody.Fault);
    if (fault) {
      const subcode = textOf(nodeOf(nodeOf(fault.Code)?.Subcode)?.Value) ?? '';
      const reason = textOf(nodeOf(fault.Reason)?.Text) ?? 'fault';
      if (/NotAuthorized/i.test(subcode)) throw new PullPointError('The camera refused the user name or password for its events (事件服务认证失败)');
      throw new PullPointError(`The camera's event service refused: ${reason} (${subcode || 'fault'}) (事件服务报错)`, /ResourceUnknown/i.test(subcode + reason));
    }
    return soapBody;
  }

  /** The camera's clock against ours (GetSystemDateAndTime needs no credentials). */
  private async measureSkew(): Promise<void> {
    const body = await this.call(this.target.deviceUrl, 'http://www.onvif.org/ver10/device/wsdl/GetSystemDateAndTime', '<tds:GetSystemDateAndTime/>');
    const utc = nodeOf(nodeOf(nodeOf(body.GetSystemDateAndTimeResponse)?.SystemDateAndTime)?.UTCDateTime);
    const d = nodeOf(utc?.Date);
    const t = nodeOf(utc?.Time);
    if (!d || !t) return;
    const camera = Date.UTC(Number(textOf(d.Year)), Number(textOf(d.Month)) - 1, Number(textOf(d.Day)), Number(textOf(t.Hour)), Number(textOf(t.Minute)), Number(textOf(t.Second)));
    if (Number.isFinite(camera)) this.skewMs = camera - Date.now();
  }

  /** Finds the event service (GetCapabilities) and creates a pull point that lives `ttlS` seconds unless renewed. */
  async subscribe(ttlS: number): Promise<void> {
    await this.measureSkew();
    const caps = await this.call(this.target.deviceUrl, 'http://www.onvif.org/ver10/device/wsdl/GetCapabilities', '<tds:GetCapabilities><tds:Category>Events</tds:Category></tds:GetCapabilities>');
    const events = textOf(nodeOf(nodeOf(nodeOf(caps.GetCapabilitiesResponse)?.Capabilities)?.Events)?.XAddr);
    if (!events) throw new PullPointError('The camera has no ONVIF event service (摄像机不支持事件订阅)');
    const created = await this.call(events, 'http://www.onvif.org/ver10/events/wsdl/EventPortType/CreatePullPointSubscriptionRequest', `<tev:CreatePullPointSubscription><tev:InitialTerminationTime>PT${ttlS}S</tev:InitialTerminationTime></tev:CreatePullPointSubscription>`);
    const response = nodeOf(created.CreatePullPointSubscriptionResponse);
    const address = textOf(nodeOf(response?.SubscriptionReference)?.Address);
    if (!address) throw new PullPointError('The camera did not give a pull-point address (事件订阅失败)');
    this.subscription = address;
    this.readTermination(response!);
  }

  private readTermination(response: Node): void {
    const current = Date.parse(textOf(response.CurrentTime) ?? '');
    const termination = Date.parse(textOf(response.TerminationTime) ?? '');
    // Kept in our clock: the camera's termination minus its own current time.
    if (Number.isFinite(termination)) this.terminationAt = this.now() + (termination - (Number.isFinite(current) ? current : termination));
  }

  /** Waits up to waitS for notifications (a long poll); [] when none came. */
  async pull(waitS: number, limit = 32): Promise<CameraNotification[]> {
    const address = this.requireSubscription();
    const body = await this.call(address, 'http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/PullMessagesRequest', `<tev:PullMessages><tev:Timeout>PT${waitS}S</tev:Timeout><tev:MessageLimit>${limit}</tev:MessageLimit></tev:PullMessages>`, waitS * 1000);
    const response = nodeOf(body.PullMessagesResponse);
    if (!response) throw new PullPointError('The camera answered PullMessages with something else (事件服务应答异常)');
    this.readTermination(response);
    return readNotifications(response);
  }

  async renew(ttlS: number): Promise<void> {
    const address = this.requireSubscription();
    const body = await this.call(address, 'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewRequest', `<wsnt:Renew><wsnt:TerminationTime>PT${ttlS}S</wsnt:TerminationTime></wsnt:Renew>`);
    const response = nodeOf(body.RenewResponse);
    if (response) this.readTermination(response);
  }

  /** Ends the subscription; never throws (the camera may be gone). */
  async unsubscribe(): Promise<void> {
    const address = this.subscription;
    this.subscription = null;
    if (!address) return;
    const wasAborted = this.aborter.signal.aborted;
    if (wasAborted) {
      // The long poll was cut short: this one request still goes, on its own deadline.
      await fetch(address, { method: 'POST', headers: { 'content-type': 'application/soap+xml; charset=utf-8' }, body: this.unsubscribeEnvelope(address), signal: AbortSignal.timeout(3000) }).catch(() => undefined);
      return;
    }
    await this.call(address, 'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeRequest', '<wsnt:Unsubscribe/>').catch(() => undefined);
  }

  private unsubscribeEnvelope(address: string): string {
    return (
      '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2">' +
      `<s:Header><a:Action s:mustUnderstand="1">http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeRequest</a:Action><a:To s:mustUnderstand="1">${xml(address)}</a:To>${this.security()}</s:Header><s:Body><wsnt:Unsubscribe/></s:Body></s:Envelope>`
    );
  }

  /** Cuts a waiting long poll short (stopping). */
  abort(): void {
    this.aborter.abort();
  }

  private requireSubscription(): string {
    if (!this.subscription) throw new PullPointError('Not subscribed (未订阅)', true);
    return this.subscription;
  }
}

function xml(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}
