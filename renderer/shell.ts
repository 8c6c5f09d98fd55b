// The desktop shell's bridge (electron/preload.cts), when there is one. The console runs the
// same in any browser on the hall's network, where window.gridhall is absent.
export const desktopShell: GridhallShell | null = window.gridhall ?? null;

/** Full screen for the wall: the shell's window when in Electron, the Fullscreen API elsewhere. */
export async function toggleFullScreen(): Promise<void> {
  if (desktopShell) {
    await desktopShell.toggleFullScreen();
  } else if (document.fullscreenElement) {
    await document.exitFullscreen();
  } else {
    await document.documentElement.requestFullscreen();
  }
}
