/**
 * Summarises a V8 `.cpuprofile` of profile-step.ts:
 *
 *   node benchmarks/dist/profile-summary.js <file>.cpuprofile [top]
 *
 * prints the top self-time functions, then the time per raw tensor op: each sample is charged
 * to the outermost frame in `tensor/dist/ops/` on its stack (so softmax's exp counts as
 * softmax), else to `autograd`/`nn` bookkeeping, garbage collection or other.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const frameName = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  return `${functionName || '(anonymous)'} ${url.split('/').slice(-3).join('/')}:${lineNumber + 1}`;
};

const self = new Map<string, number>();
const byOp = new Map<string, number>();
let total = 0;
const add = (map: Map<string, number>, key: string, dt: number) =>
  map.set(key, (map.get(key) ?? 0) + dt);
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const leaf = byId.get(id)!;
  add(self, frameName(leaf), dt);
  let op: string | null = null;
  let layer: string | null = null;
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const { url, functionName } = byId.get(n)!.callFrame;
    if (url.includes('/tensor/dist/ops/') || url.includes('/tensor/src/ops/'))
      op = `${url
        .split('/')
        .pop()!
        .replace(/\.[jt]s$/, '')}.${functionName || '?'}`;
    else if (layer === null && (url.includes('/autograd/') || url.includes('/nn/')))
      layer = url.includes('/autograd/') ? 'autograd' : 'nn';
  }
  const name = leaf.callFrame.functionName;
  add(
    byOp,
    op ??
      (name === '(garbage collector)'
        ? 'garbage collector'
        : layer
          ? `${layer} (outside raw ops)`
          : 'other (module loading, harness, idle)'),
    dt,
  );
});
const print = (map: Map<string, number>, n: number) => {
  for (const [key, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(
      `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`,
    );
  }
};
console.log('## self time\n');
print(self, top);
console.log('\n## by raw op (outermost tensor/ops frame)\n');
print(byOp, top);
