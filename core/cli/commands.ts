// Commands added by later parts of Gridhall (demo, verify, import, keys, sim, restore...).
import type { Command } from 'commander';
import { analyticsCommand } from '../analytics/cli.js';
import type { GridhallConfig } from '../runtime/config.js';
import type { ProgressBar } from './progress.js';
import { restoreCommand } from '../admin/backup/cli.js';
import { importCommand } from '../admin/imports/cli.js';
import { simCamerasCommand } from '../video/cli.js';
import { keysCommand } from '../channels/intake/keys-cli.js';
import { demoCommand } from './demo.js';
import { modelsCommand } from './models.js';
import { verifyCommand } from './verify.js';

export interface CliKit {
  configFrom(opts: { port?: string; host?: string; data?: string; demoSize?: string; seed?: string }): GridhallConfig;
  progressBar(): ProgressBar;
}

export type CliCommand = (program: Command, kit: CliKit) => void;

export const cliCommands: CliCommand[] = [demoCommand, verifyCommand, keysCommand, importCommand, restoreCommand, simCamerasCommand, analyticsCommand, modelsCommand];
