// The whole bridge between the console and the shell: window.gridhall, a short named
// allow-list. Sandboxed preloads are CommonJS and may require only 'electron', so the channel
// names are repeated from channels.ts here (tests/unit/electron-preload.test.ts checks they match).
// The console never gets ipcRenderer itself, only these functions.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- sandboxed preloads are CommonJS
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

contextBridge.exposeInMainWorld('gridhall', {
  shell: 'electron',
  version: (): Promise<string> => ipcRenderer.invoke('gridhall:version'),
  toggleFullScreen: (): Promise<boolean> => ipcRenderer.invoke('gridhall:toggle-full-screen'),
  displays: (): Promise<unknown> => ipcRenderer.invoke('gridhall:displays'),
});
