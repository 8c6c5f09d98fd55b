// A city's database on loopback for trying things by hand: etcd, a PostgreSQL 15 primary and a
// synchronous standby under Patroni, in a temporary folder (see tests/support/city-cluster.ts).
//
//   node scripts/city-cluster.mjs [up] [--base 7700]   start, print the connection string, stop and
//                                                     clean up on Ctrl-C
//   node scripts/city-cluster.mjs start [--base 7700]  start and leave it running (prints its folder)
//   node scripts/city-cluster.mjs status DIR           Patroni's view of the members
//   node scripts/city-cluster.mjs stop DIR             stop what `start` left running, remove DIR
//
// Needs the Debian packages patroni, etcd-server and postgresql-15. Under root the processes run as
// the postgres user. Nothing here touches a system cluster or service.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { startCityCluster, stopCityCluster } = await import('../tests/support/city-cluster.ts');

const args = process.argv.slice(2);
const command = args[0] && !args[0].startsWith('--') ? args.shift() : 'up';
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const log = (line) => process.stdout.write(`[city] ${line}\n`);

function stateOf(dir) {
  if (!dir) {
    process.stderr.write('name the cluster folder (printed by `start`)\n');
    process.exit(64);
  }
  return JSON.parse(readFileSync(path.join(dir, 'cluster.json'), 'utf8'));
}

if (command === 'stop') {
  await stopCityCluster(stateOf(args[0]), log);
} else if (command === 'status') {
  const state = stateOf(args[0]);
  for (const node of state.nodes) {
    try {
      const res = await fetch(`http://127.0.0.1:${node.restPort}/cluster`, { signal: AbortSignal.timeout(1500) });
      process.stdout.write(JSON.stringify(await res.json(), null, 2) + '\n');
      break;
    } catch {
      log(`${node.name}: REST does not answer`);
    }
  }
} else if (command === 'up' || command === 'start') {
  const started = Date.now();
  const cluster = await startCityCluster({ base: Number(flag('--base', '7700')), log, detached: command === 'start' });
  try {
    const { leader, syncStandby } = await cluster.waitHealthy();
    log(`primary ${leader.name}, synchronous standby ${syncStandby.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  log(`connection string: ${cluster.url('postgres')}`);
  log(`Patroni REST: ${cluster.nodes.map((n) => `http://127.0.0.1:${n.restPort}/`).join('  ')}`);
  if (command === 'start') {
    log(`folder ${cluster.dir}; stop with: node scripts/city-cluster.mjs stop ${cluster.dir}`);
  } else {
    log('Ctrl-C stops it and removes the folder');
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      cluster.stop().then(() => process.exit(0), (err) => {
        process.stderr.write(`${err}\n`);
        process.exit(1);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    setInterval(() => {}, 60_000);
  }
} else {
  process.stderr.write(`unknown command ${command}: up, start, status DIR, stop DIR\n`);
  process.exit(64);
}
