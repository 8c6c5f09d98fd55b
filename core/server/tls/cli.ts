// gridhall tls init: makes the county CA (once) and a server certificate, and says how to
// trust the CA on staff devices.
import type { CliCommand } from '../../cli/index.js';

export const tlsCommand: CliCommand = (program, kit) => {
  const tls = program.command('tls').description('HTTPS for the hall\'s network: a county CA and a server certificate');
  tls
    .command('init')
    .description('make the county CA (kept in <data>/tls) unless it exists, and issue a server certificate for this machine\'s addresses')
    .option('--data <dir>', 'data folder (env GRIDHALL_DATA)')
    .option('--name <names...>', 'host names and IP addresses the server is reached by (default: this machine\'s LAN addresses)')
    .option('--county <name>', 'a name for the CA (ASCII), e.g. the county\'s pinyin name')
    .action(async (opts: { data?: string; name?: string[]; county?: string }) => {
      const config = kit.configFrom(opts);
      // The X.509 library loads for this command only, not with every start of the CLI.
      const { initTls, trustInstructions } = await import('./ca.js');
      const files = await initTls(config.dataDir, { names: opts.name, countyName: opts.county });
      process.stdout.write(`${files.createdCa ? 'Made a new county CA and a' : 'Kept the county CA; issued a new'} server certificate.\n\n${trustInstructions(files, config.port)}\n`);
    });
};
