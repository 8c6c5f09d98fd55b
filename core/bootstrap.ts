// First start of a county: the class dictionary, and the demo county when the folder is new.
import type { CountyContext } from './server/context.js';

export type ProgressFn = (step: string, fraction: number) => void;

export interface BootstrapResult {
  demoCreated: boolean;
}

export async function bootstrapCounty(
  _ctx: CountyContext,
  _options: { adminPassword: string | undefined; onProgress: ProgressFn | undefined },
): Promise<BootstrapResult> {
  return { demoCreated: false };
}
