// The shell's security policy. Decisions are pure functions; secureSession/secureContents
// wire them to Electron objects passed in (this file imports only Electron's types, so tests
// run it without the Electron binary). The console origin is core's loopback URL,
// e.g. http://127.0.0.1:41234: the only place a window may load, navigate or talk to.
import type { Session, WebContents, WebPreferences } from 'electron';

/** The renderer is an ordinary web page: no Node, isolated from the preload, OS-sandboxed. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A window may show the console and nothing else. */
export function navigationAllowed(url: string, origin: string): boolean {
  return parse(url)?.origin === origin;
}

/**
 * A request may go to the console's host (pages, API, WebSocket) or stay inside the page
 * (data:, blob:). Nothing else leaves the machine: no CDN, no map tiles, no telemetry.
 */
export function requestAllowed(url: string, origin: string): boolean {
  const target = parse(url);
  if (!target) return false;
  if (target.protocol === 'data:' || target.protocol === 'blob:' || target.protocol === 'devtools:') return true;
  const consoleHost = new URL(origin).host;
  return (target.protocol === 'http:' || target.protocol === 'ws:') && target.host === consoleHost;
}

/** The only permission the console needs: full screen for the wall. */
export const grantedPermissions: ReadonlySet<string> = new Set(['fullscreen']);

export function permissionAllowed(permission: string, requestingUrl: string, origin: string): boolean {
  return grantedPermissions.has(permission) && navigationAllowed(requestingUrl, origin);
}

/**
 * A second policy pinned to this console: both the server's CSP and this one apply, so the
 * event stream and fetches can reach only this origin even though the server's policy
 * (written for any host the console is served from) allows ws: in general.
 */
export function pinnedConnectPolicy(origin: string): string {
  const host = new URL(origin).host;
  return `connect-src 'self' ws://${host} data: blob:`;
}

/** Response headers with the console's CSP (added if the server sent none) and the pinned policy. */
export function withConsolePolicies(headers: Record<string, string[]>, consoleCsp: string, origin: string): Record<string, string[]> {
  const next: Record<string, string[]> = {};
  let served: string[] = [];
  for (const [name, values] of Object.entries(headers)) {
    if (name.toLowerCase() === 'content-security-policy') served = served.concat(values);
    else next[name] = values;
  }
  next['Content-Security-Policy'] = [...(served.length > 0 ? served : [consoleCsp]), pinnedConnectPolicy(origin)];
  return next;
}

/** Session-wide rules: requests, response CSP, permissions. */
export function secureSession(session: Session, { origin, csp }: { origin: string; csp: string }): void {
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !requestAllowed(details.url, origin) }));
  session.webRequest.onHeadersReceived((details, callback) => {
    const fromConsole = parse(details.url)?.origin === origin;
    callback(fromConsole ? { responseHeaders: withConsolePolicies(details.responseHeaders ?? {}, csp, origin) } : {});
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionAllowed(permission, details.requestingUrl, origin)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin, origin));
}

/** Per-window rules: no navigation away, no new windows, no <webview>. */
export function secureContents(contents: WebContents, origin: string): void {
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (!navigationAllowed(event.url, origin)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
