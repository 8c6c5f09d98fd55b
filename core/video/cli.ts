// gridhall sim cameras --count N [--json]: N simulated ONVIF cameras on loopback, serving
// until stopped. Prints each camera's ONVIF device address and credentials, for any client.
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

export function simCameraSpecs(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    return { code: `SIM${n}`, name: `模拟摄像机${n}`, username: 'admin', password: simPassword(), ptz: i % 2 === 0, look: i };
  });
}

export const simCamerasCommand: CliCommand = (program) => {
  simGroup(program)
    .command('cameras')
    .description('run simulated ONVIF cameras (device, media, PTZ, WS-Discovery, RTSP over TCP) on 127.0.0.1 until stopped')
    .option('--count <n>', 'how many cameras', '4')
    .option('--json', 'print one JSON array of {name, address, username, password}')
    .option('--no-discovery', 'do not answer WS-Discovery probes')
    .action(async (opts: { count: string; json?: boolean; discovery: boolean }) => {
      const count = Number(opts.count);
      if (!Number.isInteger(count) || count < 1 || count > MAX_SIM_CAMERAS) {
        throw new Error(`--count must be a whole number from 1 to ${MAX_SIM_CAMERAS}, got "${opts.count}"`);
      }
      const fleet = await SimFleet.start({ cameras: simCameraSpecs(count), discovery: opts.discovery });
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
