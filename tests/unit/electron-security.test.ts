import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../core/index.js';
import {
  navigationAllowed,
  permissionAllowed,
  requestAllowed,
  secureContents,
  secureSession,
  secureWebPreferences,
  withConsolePolicies,
} from '../../electron/security.js';

const origin = 'http://127.0.0.1:41234';

describe('web preferences', () => {
  it('keep the renderer an isolated, sandboxed web page with no Node', () => {
    expect(secureWebPreferences('/app/dist/electron/preload.cjs')).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('navigation guard', () => {
  it.each([
    [`${origin}/wall`, true],
    [`${origin}/login?redirect=%2Fvideo`, true],
    ['http://127.0.0.1:41235/wall', false], // another port is another server
    ['http://localhost:41234/wall', false],
    ['https://example.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(navigationAllowed(url, origin)).toBe(allowed);
  });
});

describe('request filter', () => {
  it.each([
    [`${origin}/cesium/Assets/Textures/NaturalEarthII/0/0/0.jpg`, true],
    ['ws://127.0.0.1:41234/api/events?token=x', true],
    ['data:image/png;base64,AAAA', true],
    [`blob:${origin}/5b1c`, true],
    ['https://api.cesium.com/v1/assets/1/endpoint', false],
    ['http://tile.openstreetmap.org/0/0/0.png', false],
    ['ws://10.0.0.5:41234/api/events', false],
    ['ftp://127.0.0.1:41234/x', false],
  ])('%s → %s', (url, allowed) => {
    expect(requestAllowed(url, origin)).toBe(allowed);
  });
});

describe('permissions', () => {
  it('grant full screen to the console and nothing else to anyone', () => {
    expect(permissionAllowed('fullscreen', `${origin}/wall`, origin)).toBe(true);
    expect(permissionAllowed('fullscreen', 'https://example.com/', origin)).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'display-capture']) {
      expect(permissionAllowed(permission, `${origin}/wall`, origin)).toBe(false);
    }
  });
});

describe('content security policy', () => {
  it('is strict where it matters: no eval, no plugins, no framing, scripts only from the console', () => {
    const directives = new Map(CONSOLE_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).not.toContain("'unsafe-eval'");
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('adds the console policy when the server sent none, and always a connect-src pinned to the console', () => {
    const headers = withConsolePolicies({ 'content-type': ['text/html'] }, CONSOLE_CSP, origin);
    expect(headers['content-type']).toEqual(['text/html']);
    expect(headers['Content-Security-Policy']).toEqual([CONSOLE_CSP, "connect-src 'self' ws://127.0.0.1:41234 data: blob:"]);
  });

  it("keeps the server's own policy rather than replacing it", () => {
    const headers = withConsolePolicies({ 'content-security-policy': ["default-src 'none'"] }, CONSOLE_CSP, origin);
    expect(Object.keys(headers)).toEqual(['Content-Security-Policy']);
    expect(headers['Content-Security-Policy']![0]).toBe("default-src 'none'");
  });
});

describe('wiring into Electron objects', () => {
  it('cancels outside requests, sets headers only on console responses, and answers permissions', () => {
    const listeners: Record<string, (...args: never[]) => void> = {};
    const fakeSession = {
      webRequest: {
        onBeforeRequest: (fn: never) => (listeners.before = fn),
        onHeadersReceived: (fn: never) => (listeners.headers = fn),
      },
      setPermissionRequestHandler: (fn: never) => (listeners.request = fn),
      setPermissionCheckHandler: (fn: never) => (listeners.check = fn),
    };
    secureSession(fakeSession as unknown as Session, { origin, csp: CONSOLE_CSP });

    const answers: unknown[] = [];
    const before = listeners.before as unknown as (d: { url: string }, cb: (r: unknown) => void) => void;
    before({ url: 'https://example.com/x.js' }, (r) => answers.push(r));
    before({ url: `${origin}/assets/index.js` }, (r) => answers.push(r));
    expect(answers).toEqual([{ cancel: true }, { cancel: false }]);

    const headers = listeners.headers as unknown as (d: { url: string; responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders?: Record<string, string[]> }) => void) => void;
    let onConsole: { responseHeaders?: Record<string, string[]> } = {};
    headers({ url: `${origin}/wall`, responseHeaders: {} }, (r) => (onConsole = r));
    expect(onConsole.responseHeaders?.['Content-Security-Policy']).toHaveLength(2);
    let elsewhere: object = { untouched: false };
    headers({ url: 'http://127.0.0.1:9/x', responseHeaders: {} }, (r) => (elsewhere = r));
    expect(elsewhere).toEqual({});

    const request = listeners.request as unknown as (wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void;
    const granted: boolean[] = [];
    request(null, 'fullscreen', (ok) => granted.push(ok), { requestingUrl: `${origin}/wall` });
    request(null, 'media', (ok) => granted.push(ok), { requestingUrl: `${origin}/video` });
    expect(granted).toEqual([true, false]);
    const check = listeners.check as unknown as (wc: unknown, p: string, o: string) => boolean;
    expect(check(null, 'fullscreen', origin)).toBe(true);
    expect(check(null, 'notifications', origin)).toBe(false);
  });

  it('stops a window navigating away, opening windows, or attaching a webview', () => {
    const on: Record<string, (event: { url?: string; preventDefault(): void }) => void> = {};
    let openHandler: (() => { action: string }) | null = null;
    const fakeContents = {
      on: (name: string, fn: (event: { url?: string; preventDefault(): void }) => void) => (on[name] = fn),
      setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn),
    };
    secureContents(fakeContents as unknown as WebContents, origin);

    const attempt = (name: string, url?: string) => {
      let prevented = false;
      on[name]!({ url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(attempt('will-navigate', `${origin}/login`)).toBe(false);
    expect(attempt('will-frame-navigate', 'https://example.com/')).toBe(true);
    expect(attempt('will-redirect', 'http://10.1.1.1/')).toBe(true);
    expect(attempt('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});
