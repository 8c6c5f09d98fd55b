#!/usr/bin/env node
// The gridhall command: runs the built CLI, or the TypeScript sources through tsx in a checkout.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'core', 'cli', 'main.js');
if (existsSync(built) && !process.env.GRIDHALL_FROM_SOURCE) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'core', 'cli', 'main.ts')).href);
}
