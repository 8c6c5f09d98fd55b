// Prints a V8 CPU profile's top entries (node --cpu-prof), for docs/PERFORMANCE.md:
// self time by function and by file, and inclusive time by function.
// Run: node --import tsx bench/profile-top.ts FILE.cpuprofile [--until MS] [--top N]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const file = args[0]!;
const until = args.includes('--until') ? Number(args[args.indexOf('--until') + 1]) : Infinity;
const top = args.includes('--top') ? Number(args[args.indexOf('--top') + 1]) : 20;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const root = process.cwd();
const where = (n: Node) => {
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const short = url.startsWith(root) ? path.relative(root, url) : url || '(native)';
  return `${n.callFrame.functionName || '(anonymous)'} ${short}${url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
};
const fileOf = (n: Node) => {
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  if (!url) return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
  const rel = url.startsWith(root) ? path.relative(root, url) : url;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel);
  return m ? `node_modules/${m[1]}` : rel;
};

const self = new Map<string, number>();
const selfFile = new Map<string, number>();
const inclusive = new Map<string, number>();
let t = 0;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i]! / 1000;
  if (t > until) break;
  const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  total += dt;
  const node = byId.get(profile.samples[i]!)!;
  self.set(where(node), (self.get(where(node)) ?? 0) + dt);
  selfFile.set(fileOf(node), (selfFile.get(fileOf(node)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const key = where(byId.get(id)!);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
  }
}
const print = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`  ${ms.toFixed(0).padStart(7)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${k}\n`);
  }
};
process.stdout.write(`${path.basename(file)}: ${total.toFixed(0)} ms sampled${Number.isFinite(until) ? ` (first ${until} ms)` : ''}\n`);
print('self time by function', self);
print('self time by file or package', selfFile);
print('inclusive time by function', inclusive);
