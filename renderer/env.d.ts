/// <reference types="vite/client" />

/** What the Electron preload exposes (electron/preload.cts); absent in a plain browser. */
interface GridhallShell {
  readonly shell: 'electron';
  version(): Promise<string>;
  toggleFullScreen(): Promise<boolean>;
  displays(): Promise<Array<{ id: number; bounds: { x: number; y: number; width: number; height: number }; scaleFactor: number; primary: boolean }>>;
}

interface Window {
  gridhall?: GridhallShell;
  /** Where CesiumJS finds its workers and assets (set in main.ts, read by Cesium at first use). */
  CESIUM_BASE_URL?: string;
}
