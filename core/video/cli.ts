// gridhall sim cameras --count N [--json] [--h265 N] [--events S]: N simulated ONVIF cameras on
// loopback, serving until stopped. Prints each camera's ONVIF device address and credentials,
// for any client. --h265: the last N stream only H.265; --events: each raises an ONVIF event
// (motion, tamper, line crossing, illegal parking in turn) about every S seconds.
import type { Command } from 'commander';
import type { CliCommand } from '../cli/index.js';
import { SimFleet, simPassword } from '../demo/sim/cameras/index.js';

export const MAX_SIM_CAMERAS = 400;

/** The `sim` command group, shared with other simulators (sensors, vehicles) that may add to it. */
export function simGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'sim') ??
    program.command('sim').description('simulated devices on loopback, speaking their real protocols')
  );
}

export function simCameraSpecs(count: number, h265 = 0) {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    const hevc = i >= count - h265;
    return { code: `SIM${n}`, name: `模拟摄像机${n}${hevc ? '（H.265）' : ''}`, username: 'admin', password: simPassword(), ptz: i % 2 === 0, look: i, codec: hevc ? ('h265' as const) : ('h264' as const) };
  });
}

export const simCamerasCommand: CliCommand = (program) => {
  simGroup(program)
    .command('cameras')
    .description('run simulated ONVIF cameras (device, media, PTZ, WS-Discovery, RTSP over TCP) on 127.0.0.1 until stopped')
    .option('--count <n>', 'how many cameras', '4')
    .option('--json', 'print one JSON array of {name, address, username, password}')
    .option('--no-discovery', 'do not answer WS-Discovery probes')
    .option('--h265 <n>', 'how many of them (the last ones) stream only H.265', '0')
    .option('--events <seconds>', 'each camera raises an ONVIF event (pull point) about this often')
    .action(async (opts: { count: string; json?: boolean; discovery: boolean; h265: string; events?: string }) => {
      const count = Number(opts.count);
      if (!Number.isInteger(count) || count < 1 || count > MAX_SIM_CAMERAS) {
        throw new Error(`--count must be a whole number from 1 to ${MAX_SIM_CAMERAS}, got "${opts.count}"`);
      }
      const h265 = Number(opts.h265);
      if (!Number.isInteger(h265) || h265 < 0 || h265 > count) throw new Error(`--h265 must be a whole number from 0 to ${count}, got "${opts.h265}"`);
      const eventEveryS = opts.events === undefined ? undefined : Number(opts.events);
      if (eventEveryS !== undefined && !(Number.isInteger(eventEveryS) && eventEveryS >= 1 && eventEveryS <= 86_400)) throw new Error(`--events must be seconds from 1 to 86400, got "${opts.events}"`);
      const fleet = await SimFleet.start({ cameras: simCameraSpecs(count, h265), discovery: opts.discovery, eventEveryS });
      const devices = fleet.devices();
      if (opts.json) {
        process.stdout.write(JSON.stringify(devices.map(({ name, address, username, password }) => ({ name, address, username, password }))) + '\n');
      } else {
        process.stdout.write(`${count} simulated ONVIF camera(s) on loopback; RTSP on 127.0.0.1:${fleet.rtsp.port}. Ctrl+C stops them.\n`);
        for (const d of devices) process.stdout.write(`  ${d.name}  ${d.address}  user ${d.username}  password ${d.password}${d.ptz ? '  PTZ' : ''}\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await fleet.close();
    });
};
