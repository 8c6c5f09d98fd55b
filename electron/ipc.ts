// Main's side of the preload allow-list: one handler per channel in channels.ts, each
// answering only frames that show the console. Electron's types only, so tests run it bare.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcChannels, type IpcName } from './channels.js';
import { navigationAllowed } from './security.js';

export interface DisplaySummary {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  scaleFactor: number;
  primary: boolean;
}

/** What main does for each channel (implemented with Electron in main.ts). */
export interface ShellActions {
  version(): string;
  /** Toggle the sender's window; answers whether it is now full screen. */
  toggleFullScreen(sender: WebContents): boolean;
  displays(): DisplaySummary[];
}

export class UntrustedSenderError extends Error {}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, origin: string, actions: ShellActions): void {
  const handlers: Record<IpcName, (event: IpcMainInvokeEvent) => unknown> = {
    version: () => actions.version(),
    toggleFullScreen: (event) => actions.toggleFullScreen(event.sender),
    displays: () => actions.displays(),
  };
  for (const name of Object.keys(ipcChannels) as IpcName[]) {
    ipcMain.handle(ipcChannels[name], (event) => {
      // A frame that is not the console (it cannot get there, but if it did) gets nothing.
      const frameUrl = event.senderFrame?.url ?? '';
      if (!navigationAllowed(frameUrl, origin)) throw new UntrustedSenderError(`${ipcChannels[name]}: refused for ${frameUrl || 'an unknown frame'}`);
      return handlers[name](event);
    });
  }
}
