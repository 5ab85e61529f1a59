#!/usr/bin/env node
// `npm run bench -w @tensorgrad/tensor`: matmul GFLOP/s (float32, square, result read back to
// the host) at 128/256/512/1024 on each backend, through the public API. Prints figures only;
// nothing is asserted (CI never gates on times). Usage: node bench/matmul.mjs [--backends cpu,gpu] [sizes...]
import { backendInfo, randn, setBackend, tidy } from '../dist/index.js';

const args = process.argv.slice(2);
const pick = args.indexOf('--backends');
const backends = pick >= 0 ? args.splice(pick, 2)[1].split(',') : ['cpu', 'gpu'];
const sizes = args.length > 0 ? args.map(Number) : [128, 256, 512, 1024];

/** Median of `samples` timed runs (after one warm-up), each ending with the result on the host. */
function time(n, samples) {
  const a = randn([n, n]);
  const b = randn([n, n]);
  const run = () => tidy(() => a.matmul(b).data());
  run();
  const times = [];
  for (let s = 0; s < samples; s++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  a.dispose();
  b.dispose();
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)];
}

console.log('| backend | n | median ms | GFLOP/s |');
console.log('|---|---|---|---|');
for (const name of backends) {
  try {
    setBackend(name);
  } catch (e) {
    console.log(`| ${name} | - | unavailable: ${e.message} | |`);
    continue;
  }
  const info = backendInfo();
  const label = info.mode ? `${name} (${info.mode})` : name;
  for (const n of sizes) {
    // Large products on a software GL rasteriser take seconds: fewer samples there.
    const samples = n >= 1024 || (name === 'gpu' && n >= 512) ? 3 : 7;
    const ms = time(n, samples);
    console.log(
      `| ${label} | ${n} | ${ms.toFixed(1)} | ${((2 * n ** 3) / (ms * 1e6)).toFixed(2)} |`,
    );
  }
}
