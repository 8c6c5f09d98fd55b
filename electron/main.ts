// The desktop shell: start the county server in this process on a free loopback port, lock
// the session down (security.ts), answer the preload's allow-list (ipc.ts), open the windows
// (windows.ts), and close the server cleanly on quit. Everything else is the web console.
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, type Display } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSOLE_CSP, demoPlugins, startCounty, type RunningCounty } from '../core/index.js';
import { registerIpc } from './ipc.js';
import { parseShellOptions } from './options.js';
import { secureContents, secureSession, secureWebPreferences } from './security.js';
import { planWindows, type DisplayInfo } from './windows.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let county: RunningCounty | null = null;

function displayInfo(display: Display): DisplayInfo {
  return { id: display.id, bounds: display.bounds, workArea: display.workArea, primary: display.id === screen.getPrimaryDisplay().id };
}

function openWindows(origin: string, wall: boolean, wallRoutes: string[] | undefined): void {
  const plans = planWindows(screen.getAllDisplays().map(displayInfo), { wall, wallRoutes });
  for (const plan of plans) {
    const window = new BrowserWindow({
      ...plan.bounds,
      fullscreen: plan.fullscreen,
      frame: plan.frame,
      show: false,
      title: 'Gridhall 网格指挥厅',
      backgroundColor: '#040b18',
      icon: path.join(app.getAppPath(), 'assets', 'icon.png'),
      webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
    });
    window.once('ready-to-show', () => window.show());
    void window.loadURL(new URL(plan.route, origin).href);
  }
}

async function start(): Promise<void> {
  const options = parseShellOptions(process.argv.slice(1), process.env);
  county = await startCounty({
    host: '127.0.0.1',
    port: 0, // a free port: several consoles, or a server already on 12319, never collide
    dataDir: options.dataDir, // absent: core's default, the folder `gridhall serve` uses
    demoSize: options.demoSize,
    mqttPort: options.mqttPort,
    plugins: demoPlugins({ simulate: options.simulate, live: process.env.GRIDHALL_DEMO_LIVE !== '0' }),
    adminPassword: process.env.GRIDHALL_ADMIN_PASSWORD || undefined,
    rendererDir: path.join(app.getAppPath(), 'dist', 'renderer'),
  });
  const origin = new URL(county.url).origin;

  secureSession(session.defaultSession, { origin, csp: CONSOLE_CSP });
  app.on('web-contents-created', (_event, contents) => secureContents(contents, origin));
  registerIpc(ipcMain, origin, {
    version: () => app.getVersion(),
    toggleFullScreen: (sender) => {
      const window = BrowserWindow.fromWebContents(sender);
      if (!window) return false;
      const next = !window.isFullScreen();
      window.setFullScreen(next);
      return next;
    },
    displays: () => screen.getAllDisplays().map((display) => ({ ...displayInfo(display), scaleFactor: display.scaleFactor })),
  });
  // No default menu: it carries reload, devtools and zoom, none of which a hall operator needs.
  Menu.setApplicationMenu(null);

  const password = county.county.generatedAdminPassword;
  if (password) {
    // A desktop user sees no console output, so the one-time admin password is shown here.
    await dialog.showMessageBox({
      type: 'info',
      title: 'Gridhall',
      message: '已创建管理员账号 admin / The admin account was created',
      detail: `用户名 Username: admin\n密码 Password: ${password}\n\n请记下此密码，它只显示这一次。\nWrite it down: it is shown only once.`,
    });
  }
  openWindows(origin, options.wall, options.wallRoutes);
}

/** Close the server (and its database) before the process ends. */
function stopCountyThenQuit(event: Electron.Event): void {
  if (!county) return;
  event.preventDefault();
  const closing = county;
  county = null;
  closing
    .close()
    .catch((error: unknown) => console.error('gridhall: closing the county server failed', error))
    .finally(() => app.quit());
}

app.enableSandbox();
// The console is Chinese first: Chromium's own widgets (date pickers) follow this locale.
app.commandLine.appendSwitch('lang', 'zh-CN');
if (!app.requestSingleInstanceLock()) {
  // One shell per user: a second start focuses the first instead of opening the database twice.
  app.quit();
} else {
  app.on('second-instance', () => {
    const [first] = BrowserWindow.getAllWindows();
    if (first?.isMinimized()) first.restore();
    first?.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', stopCountyThenQuit);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Gridhall 无法启动 / cannot start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
