// How a channel says a delivery failed: retryable (the network, a 5xx, a rate limit: try again
// later) or not (a bad number, a revoked webhook, a refused signature: trying again cannot help).
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** What the worker hands a channel: the text and where it goes. */
export interface Outgoing {
  title: string;
  /** The text in full (Chinese; the SMS signature already before it for SMS). */
  body: string;
  /** Phone, e-mail address or webhook URL. */
  target: string;
  /** A phone to @-mention in a group (the contact's own), when known. */
  mention: string | null;
  /** DingTalk 加签 secret of the webhook, when it has one. */
  secret: string | null;
  /** A reference the provider may echo (our delivery id). */
  ref: string;
}

export type Send = (message: Outgoing) => Promise<{ ref: string | null }>;

const TIMEOUT_MS = 10_000;

/** POSTs JSON and reads the JSON answer; network trouble, timeouts and 5xx/429 are retryable. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new DeliveryError(`no answer from ${new URL(url).host}: ${(error as Error).message}`, true);
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 500 || res.status === 429) throw new DeliveryError(`HTTP ${res.status} from ${new URL(url).host}${text ? `: ${text.slice(0, 200)}` : ''}`, true);
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new DeliveryError(`HTTP ${res.status} from ${new URL(url).host} is not JSON: ${text.slice(0, 200)}`, res.status >= 400 ? false : true);
  }
  return { status: res.status, json };
}
