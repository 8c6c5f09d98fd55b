// The preload's allow-list: every IPC channel the console may invoke. Nothing else is
// registered in main, and preload.cts exposes one named function per channel (a test checks
// the two agree, since a sandboxed preload cannot import this file).
export const ipcChannels = {
  version: 'gridhall:version',
  toggleFullScreen: 'gridhall:toggle-full-screen',
  displays: 'gridhall:displays',
} as const;

export type IpcName = keyof typeof ipcChannels;
