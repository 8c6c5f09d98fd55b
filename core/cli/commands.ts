// Commands added by later parts of Gridhall (demo, verify, import, keys, sim, restore...).
import { analyticsCommand } from '../analytics/cli.js';
import type { CliCommand } from './kit.js';
import { restoreCommand } from '../admin/backup/cli.js';
import { importCommand } from '../admin/imports/cli.js';
import { simCamerasCommand } from '../video/cli.js';
import { keysCommand } from '../channels/intake/keys-cli.js';
import { demoCommand } from './demo.js';
import { modelsCommand } from './models.js';
import { verifyCommand } from './verify.js';
import { tlsCommand } from '../server/tls/cli.js';

export const cliCommands: CliCommand[] = [demoCommand, verifyCommand, keysCommand, importCommand, restoreCommand, simCamerasCommand, analyticsCommand, modelsCommand, tlsCommand];
