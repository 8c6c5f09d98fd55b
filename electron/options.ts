// The shell's own switches, from the command line, then the environment. Pure.
//   --wall                 one full-screen window per display (GRIDHALL_WALL=1)
//   --wall-routes=/wall,/video   what each wall display shows, in order (GRIDHALL_WALL_ROUTES)
//   --demo=small|full|none      demo county for an empty data folder (GRIDHALL_DEMO_SIZE)
//   --data=DIR             the data folder (GRIDHALL_DATA); default: the one `gridhall serve` uses,
//                          so the desktop and the server open the same county
//   --mqtt-port=PORT|off   MQTT port for sensor gateways (GRIDHALL_MQTT_PORT, default 1883)
//   --no-simulate          no simulated sensors and vehicles for the demo county (GRIDHALL_SIMULATE=0)
import { ConfigError, parseMqttPort } from '../core/index.js';

export type DemoSize = 'small' | 'full' | 'none';

export interface ShellOptions {
  wall: boolean;
  wallRoutes: string[] | undefined;
  demoSize: DemoSize;
  dataDir: string | undefined;
  mqttPort: number | null;
  simulate: boolean;
}

export class ShellOptionError extends Error {}

function value(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const inline = argv.find((arg) => arg.startsWith(prefix));
  if (inline !== undefined) return inline.slice(prefix.length);
  const at = argv.indexOf(`--${name}`);
  const next = at >= 0 ? argv[at + 1] : undefined;
  return next !== undefined && !next.startsWith('--') ? next : undefined;
}

function parseRoutes(raw: string): string[] {
  const routes = raw.split(',').map((route) => route.trim()).filter(Boolean);
  for (const route of routes) {
    // A route is a path inside the console, never a URL elsewhere.
    if (!route.startsWith('/') || route.startsWith('//')) throw new ShellOptionError(`wall route must be a console path such as /wall, got "${route}"`);
  }
  return routes;
}

function mqttPortOf(argv: readonly string[], env: NodeJS.ProcessEnv): number | null {
  const flag = value(argv, 'mqtt-port');
  try {
    return flag !== undefined ? parseMqttPort(flag) : parseMqttPort(env.GRIDHALL_MQTT_PORT, 'GRIDHALL_MQTT_PORT');
  } catch (error) {
    throw error instanceof ConfigError ? new ShellOptionError(error.message) : error;
  }
}

export function parseShellOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ShellOptions {
  const wall = argv.includes('--wall') || env.GRIDHALL_WALL === '1' || env.GRIDHALL_WALL === 'true';
  const routes = value(argv, 'wall-routes') ?? env.GRIDHALL_WALL_ROUTES;
  const demo = value(argv, 'demo') ?? env.GRIDHALL_DEMO_SIZE ?? 'full';
  if (demo !== 'small' && demo !== 'full' && demo !== 'none') throw new ShellOptionError(`demo size must be small, full or none, got "${demo}"`);
  return {
    wall,
    wallRoutes: routes ? parseRoutes(routes) : undefined,
    demoSize: demo,
    dataDir: value(argv, 'data') ?? (env.GRIDHALL_DATA || undefined),
    mqttPort: mqttPortOf(argv, env),
    simulate: !argv.includes('--no-simulate') && env.GRIDHALL_SIMULATE !== '0' && env.GRIDHALL_SIMULATE !== 'false',
  };
}
