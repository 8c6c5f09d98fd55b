// The preload and main's handlers must name the same channels: the preload cannot import
// channels.ts (a sandboxed preload may require only 'electron'), so this test holds them together.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ipcChannels } from '../../electron/channels.js';
import { registerIpc, UntrustedSenderError } from '../../electron/ipc.js';

const origin = 'http://127.0.0.1:41234';

/** Runs electron/preload.cts as Electron would (CommonJS) with a stand-in for 'electron'. */
function loadPreload() {
  const source = readFileSync(new URL('../../electron/preload.cts', import.meta.url), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const exposed: Record<string, Record<string, unknown>> = {};
  const invoked: string[] = [];
  const required: string[] = [];
  const fakeElectron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => (exposed[key] = api) },
    ipcRenderer: { invoke: (channel: string) => (invoked.push(channel), Promise.resolve(channel)) },
  };
  const fakeRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return fakeElectron;
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', outputText)(fakeRequire, module, module.exports);
  return { exposed, invoked, required };
}

describe('preload', () => {
  it('exposes only window.gridhall, with its short allow-list', () => {
    const { exposed, required } = loadPreload();
    expect(Object.keys(exposed)).toEqual(['gridhall']);
    expect(Object.keys(exposed.gridhall!).sort()).toEqual(['displays', 'shell', 'toggleFullScreen', 'version']);
    expect(exposed.gridhall!.shell).toBe('electron');
    expect(required).toEqual(['electron']);
  });

  it('invokes exactly the channels main registers, and no raw ipcRenderer reaches the page', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.gridhall!;
    for (const value of Object.values(api)) {
      if (typeof value === 'function') await (value as () => Promise<unknown>)();
      expect(value).not.toHaveProperty('invoke');
      expect(value).not.toHaveProperty('send');
    }
    expect(invoked.sort()).toEqual(Object.values(ipcChannels).sort());
  });
});

describe('ipc handlers', () => {
  function register() {
    const handlers = new Map<string, (event: IpcMainInvokeEvent) => unknown>();
    const sender = { id: 1 } as unknown as WebContents;
    const toggled: WebContents[] = [];
    registerIpc({ handle: (channel, fn) => handlers.set(channel, fn as never) }, origin, {
      version: () => '0.1.0',
      toggleFullScreen: (who) => (toggled.push(who), true),
      displays: () => [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1, primary: true }],
    });
    const from = (url: string | null) => ({ sender, senderFrame: url === null ? null : { url } }) as unknown as IpcMainInvokeEvent;
    return { handlers, from, sender, toggled };
  }

  it('registers one handler per allow-listed channel and nothing else', () => {
    expect([...register().handlers.keys()].sort()).toEqual(Object.values(ipcChannels).sort());
  });

  it('answers the console', () => {
    const { handlers, from, sender, toggled } = register();
    expect(handlers.get(ipcChannels.version)!(from(`${origin}/wall`))).toBe('0.1.0');
    expect(handlers.get(ipcChannels.toggleFullScreen)!(from(`${origin}/wall`))).toBe(true);
    expect(toggled).toEqual([sender]);
    expect(handlers.get(ipcChannels.displays)!(from(`${origin}/video`))).toHaveLength(1);
  });

  it('refuses a frame that is not the console', () => {
    const { handlers, from, toggled } = register();
    expect(() => handlers.get(ipcChannels.toggleFullScreen)!(from('https://example.com/'))).toThrow(UntrustedSenderError);
    expect(() => handlers.get(ipcChannels.version)!(from(null))).toThrow(UntrustedSenderError);
    expect(toggled).toEqual([]);
  });
});
