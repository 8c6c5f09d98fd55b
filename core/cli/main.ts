#!/usr/bin/env node
// gridhall: the county server's command line.
import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, parseJt808Port, parseMqttPort, type ConfigFlags } from '../runtime/config.js';
import { databasePath } from '../app/index.js';
import { SqliteDb } from '../db/sqlite.js';
import { DatabaseUnreachableError } from '../db/open.js';
import { demoPlugins, startCounty } from '../index.js';
import { createLogger } from '../runtime/log.js';
import { packageRoot, version } from '../runtime/version.js';
import { writeBackup } from '../admin/backup/index.js';
import { cliCommands } from './commands.js';
import { formatChecks, restoreDrillReport, runChecks } from './doctor.js';
import { openConsole } from './open-console.js';
import { progressBar } from './progress.js';

const program = new Command();
program.name('gridhall').description('Gridhall (网格指挥厅): the county server for digital urban management').version(version);

const portOption = () => new Option('--port <port>', 'HTTP port (env GRIDHALL_PORT, default 12319)');
const hostOption = () => new Option('--host <host>', 'interface to bind (env GRIDHALL_HOST, default 127.0.0.1)');
const dataOption = () => new Option('--data <dir>', 'data folder (env GRIDHALL_DATA, default ~/.local/share/gridhall)');

interface CommonOpts {
  port?: string;
  host?: string;
  data?: string;
  demoSize?: string;
  seed?: string;
  synchronous?: string;
  database?: string;
  tlsCert?: string;
  tlsKey?: string;
}

function configFrom(opts: CommonOpts) {
  const flags: ConfigFlags = {
    port: opts.port, host: opts.host, data: opts.data, demoSize: opts.demoSize, demoSeed: opts.seed,
    synchronous: opts.synchronous, tlsCert: opts.tlsCert, tlsKey: opts.tlsKey, database: opts.database,
  };
  return loadConfig(flags);
}

program
  .command('serve')
  .description('run the county server and serve the console (what npm start runs)')
  .addOption(portOption())
  .addOption(hostOption())
  .addOption(dataOption())
  .addOption(new Option('--demo-size <size>', 'demo county made when the data folder is new').choices(['full', 'small', 'none']))
  .option('--database <url>', 'keep the county in PostgreSQL (postgres://…) instead of DATA_DIR/gridhall.db (env GRIDHALL_DATABASE_URL)')
  .option('--open', 'open the console in a Chromium app window when a display is present')
  .option('--mqtt-port <port>', 'MQTT port for sensor gateways, or "off" (env GRIDHALL_MQTT_PORT, default 1883)')
  .option('--jt808-port <port>', 'JT/T 808 TCP port for vehicle terminals (muck trucks), or "off" (env GRIDHALL_JT808_PORT, default 6808)')
  .option('--no-simulate', 'do not run the demo county\'s simulated sensors and vehicles (env GRIDHALL_SIMULATE=0)')
  .addOption(new Option('--synchronous <mode>', 'SQLite sync: FULL keeps every answered action through a power cut; NORMAL is faster and survives a crash but may lose the last actions on power loss (env GRIDHALL_SYNCHRONOUS, default FULL)').choices(['FULL', 'NORMAL', 'full', 'normal']))
  .option('--tls-cert <file>', 'HTTPS: the server certificate (PEM, with its chain), e.g. from gridhall tls init (env GRIDHALL_TLS_CERT)')
  .option('--tls-key <file>', 'HTTPS: the server certificate\'s private key (PEM) (env GRIDHALL_TLS_KEY)')
  .action(async (opts: CommonOpts & { open?: boolean; mqttPort?: string; jt808Port?: string; simulate?: boolean }) => {
    const config = configFrom(opts);
    const rendererDir = path.join(packageRoot, 'dist', 'renderer');
    const bar = progressBar();
    const running = await startCounty(
      {
        ...opts,
        data: config.dataDir,
        database: config.database,
        rendererDir: existsSync(rendererDir) ? rendererDir : undefined,
        onProgress: (s, f) => bar.update(s, f),
        mqttPort: opts.mqttPort !== undefined ? parseMqttPort(opts.mqttPort) : parseMqttPort(process.env.GRIDHALL_MQTT_PORT, 'GRIDHALL_MQTT_PORT'),
        jt808Port: opts.jt808Port !== undefined ? parseJt808Port(opts.jt808Port) : parseJt808Port(process.env.GRIDHALL_JT808_PORT, 'GRIDHALL_JT808_PORT'),
        plugins: demoPlugins({
          simulate: opts.simulate !== false && process.env.GRIDHALL_SIMULATE !== '0' && process.env.GRIDHALL_SIMULATE !== 'false',
          live: process.env.GRIDHALL_DEMO_LIVE !== '0',
        }),
      },
    );
    bar.done();
    const { county } = running;
    process.stdout.write(`\nGridhall ${version} — ${(await county.county.get())?.name ?? '(no county yet)'}\n`);
    process.stdout.write(`  console:   ${running.url}\n  data:      ${config.dataDir}\n`);
    for (const warning of running.warnings) process.stdout.write(`  WARNING:   ${warning}\n`);
    if (county.generatedAdminPassword) {
      process.stdout.write(
        `\n  First start: sign in as "admin" with password ${county.generatedAdminPassword}\n` +
          '  (shown once; set GRIDHALL_ADMIN_PASSWORD before the first start to choose it)\n',
      );
      if (county.demoCreated) process.stdout.write('  The demo county\'s staff accounts (acceptor01, shift01, dispatcher01, inspector01, ...) share it.\n');
    } else if (county.demoPassword) {
      process.stdout.write(`\n  The demo county's staff accounts (acceptor01, shift01, dispatcher01, ...) sign in with ${county.demoPassword} (shown once)\n`);
    }
    process.stdout.write(`  citizens:  ${running.url}/citizen   Open311: ${running.url}/open311/v2/discovery.xml\n`);
    if (running.channels.mqttUrl) process.stdout.write(`  sensors:   ${running.channels.mqttUrl} (MQTT)\n`);
    if (running.channels.jt808Url) process.stdout.write(`  trucks:    ${running.channels.jt808Url} (JT/T 808)\n`);
    for (const plugin of running.plugins) if (plugin.summary) process.stdout.write(`  ${plugin.summary}\n`);
    if (!existsSync(rendererDir)) process.stdout.write('  (the console is not built: run npm run build; the API works)\n');
    const opened = opts.open ? openConsole(running.url, config.dataDir) : { how: 'url' as const };
    process.stdout.write(opened.how === 'chromium' ? '  opened in a Chromium app window\n' : `  open ${running.url} in a browser on this machine\n`);
    process.stdout.write('  Ctrl-C stops the server.\n\n');
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      opened.child?.kill();
      await running.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  });

program
  .command('backup <file>')
  .description('back up the county while it keeps running: FILE.zip is a full backup (database and attachments, for gridhall restore), any other name the database alone')
  .addOption(dataOption())
  .action(async (file: string, opts: CommonOpts) => {
    const config = configFrom(opts);
    const source = databasePath(config.dataDir);
    if (!existsSync(source)) throw new ConfigError(`No county database at ${source}`);
    const db = new SqliteDb(source, createLogger('warn'));
    const bar = progressBar();
    try {
      if (file.toLowerCase().endsWith('.zip')) await writeBackup(db, config.dataDir, path.resolve(file), (f) => bar.update('backup', f));
      else await db.backupTo(path.resolve(file), (f) => bar.update('backup', f));
    } finally {
      await db.close();
    }
    bar.done(`Backed up ${source} to ${path.resolve(file)}`);
  });

program
  .command('doctor')
  .description('check ffmpeg, chromium, the data folder and the port, and say what is missing; --restore-drill restores the latest backup into a temporary folder and checks it')
  .addOption(portOption())
  .addOption(hostOption())
  .addOption(dataOption())
  .option('--restore-drill', 'also restore the newest backup into a temporary folder, open it, verify its hash chains and compare its counts (恢复演练)')
  .action(async (opts: CommonOpts & { restoreDrill?: boolean }) => {
    const config = configFrom(opts);
    const checks = await runChecks(config);
    process.stdout.write(`Gridhall ${version} doctor\n${formatChecks(checks)}\n`);
    if (checks.some((c) => !c.ok && !c.optional)) process.exitCode = 1;
    if (opts.restoreDrill) {
      const drill = await restoreDrillReport(config);
      process.stdout.write(`${drill.text}\n`);
      if (!drill.ok) process.exitCode = 1;
    }
  });

for (const register of cliCommands) register(program, { configFrom, progressBar });

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`gridhall: ${message}\n`);
  process.exit(error instanceof ConfigError ? 2 : error instanceof DatabaseUnreachableError ? DatabaseUnreachableError.EXIT_CODE : 1);
});
