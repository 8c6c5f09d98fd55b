// What a command module gets from the CLI when it registers: the shared config loader and a
// progress bar. Command modules import this (types only); the registry (commands.ts) imports
// the command modules; nothing imports the registry back, so the CLI has no import cycle.
import type { Command } from 'commander';
import type { GridhallConfig } from '../runtime/config.js';
import type { ProgressBar } from './progress.js';

export interface CliKit {
  configFrom(opts: { port?: string; host?: string; data?: string; demoSize?: string; seed?: string }): GridhallConfig;
  progressBar(): ProgressBar;
}

export type CliCommand = (program: Command, kit: CliKit) => void;
