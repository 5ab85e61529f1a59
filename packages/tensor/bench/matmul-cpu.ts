/**
 * Times the cpu backend's matmul (float32, square) and a few elementwise primitives.
 * Prints figures only; nothing is asserted. Run from the repository root:
 *
 *   npx esbuild packages/tensor/bench/matmul-cpu.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/matmul-cpu.mjs && node /tmp/matmul-cpu.mjs [sizes...]
 *
 * The best of several runs is reported, timed as process cpu time (user + system) rather than
 * wall time: the machine is shared, and wall time there mostly measures the neighbours. The
 * kernels are single-threaded, so for a quiet machine the two agree.
 */
import type { View } from '../src/backend/backend.js';
import { CpuBackend } from '../src/backend/cpu/index.js';

const cpu = new CpuBackend();

function randomView(shape: number[], strides?: number[]): View {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, () => Math.random() * 2 - 1);
  const own = strides ?? shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  return { data: cpu.upload(values, 'float32'), shape, strides: own, offset: 0 };
}

/** Best cpu time in ms of `run` over `repeats` runs (after one warm-up run). */
function best(run: () => void, repeats: number): number {
  run();
  let fastest = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    fastest = Math.min(fastest, (used.user + used.system) / 1000);
  }
  return fastest;
}

const sizes = process.argv.slice(2).map(Number);
for (const n of sizes.length > 0 ? sizes : [128, 256, 512, 1024]) {
  const a = randomView([n, n]);
  const b = randomView([n, n]);
  const bT = { ...randomView([n, n]), strides: [1, n] };
  const repeats = n >= 1024 ? 3 : n >= 512 ? 5 : 20;
  const ms = best(() => cpu.dispose(cpu.matmul(a, b, 'float32')), repeats);
  const msT = best(() => cpu.dispose(cpu.matmul(a, bT, 'float32')), repeats);
  const gflops = (t: number) => ((2 * n ** 3) / (t * 1e6)).toFixed(2);
  console.log(
    `matmul ${n}x${n}x${n} float32: ${ms.toFixed(1)} ms, ${gflops(ms)} GFLOP/s; b transposed: ${gflops(msT)} GFLOP/s`,
  );
  for (const v of [a, b, bT]) cpu.dispose(v.data);
}

if (sizes.length === 0) {
  // Shapes of the models: attention scores (many small products) and a linear layer whose
  // weight is broadcast over the batch (folded into one product).
  const shapes: [string, number[], number[], number[]][] = [
    ['attention [64,64,32]@[64,32,64]', [64, 64, 32], [64, 32, 64], [32 * 64, 64, 1]],
    ['linear [8,128,256]@W^T[256,512]', [8, 128, 256], [8, 256, 512], [0, 1, 256]],
    ['vector [1,512]@[512,512]', [1, 512], [512, 512], [512, 1]],
  ];
  for (const [name, aShape, bShape, bStrides] of shapes) {
    const a = randomView(aShape);
    const reach = bShape.reduce((acc, size, d) => acc + (size - 1) * bStrides[d], 1);
    const bData = randomView([reach]);
    const b: View = { data: bData.data, shape: bShape, strides: bStrides, offset: 0 };
    const flops =
      2 *
      aShape.slice(0, -1).reduce((x, y) => x * y, 1) *
      aShape[aShape.length - 1] *
      bShape[bShape.length - 1];
    const ms = best(() => cpu.dispose(cpu.matmul(a, b, 'float32')), 5);
    console.log(`matmul ${name}: ${ms.toFixed(2)} ms, ${(flops / (ms * 1e6)).toFixed(2)} GFLOP/s`);
    cpu.dispose(a.data);
    cpu.dispose(b.data);
  }
  const n = 1 << 20;
  const x = randomView([1024, 1024]);
  const y = randomView([1024, 1024]);
  const row = randomView([1024]);
  const rowBroadcast: View = { ...row, shape: [1024, 1024], strides: [0, 1] };
  const xT: View = { ...x, strides: [1, 1024] };
  const report = (name: string, run: () => void) => {
    const ms = best(run, 5);
    console.log(`${name}: ${ms.toFixed(2)} ms (${(n / (ms * 1e3)).toFixed(0)} Melem/s)`);
  };
  report('binary add contiguous 1M', () => cpu.dispose(cpu.binary('add', x, y, 'float32')));
  report('binary add row-broadcast 1M', () =>
    cpu.dispose(cpu.binary('add', x, rowBroadcast, 'float32')),
  );
  report('unary exp contiguous 1M', () => cpu.dispose(cpu.unary('exp', x, 'float32')));
  report('unary gelu contiguous 1M', () => cpu.dispose(cpu.unary('gelu', x, 'float32')));
  report('copy transposed 1M', () => cpu.dispose(cpu.copy(xT, 'float32')));
  report('sum last axis 1M', () => cpu.dispose(cpu.reduce('sum', x, [1], 'float32')));
  report('sum first axis 1M', () => cpu.dispose(cpu.reduce('sum', x, [0], 'float32')));
  const g = {
    n: 8,
    c: 16,
    h: 32,
    w: 32,
    kernelH: 3,
    kernelW: 3,
    strideH: 1,
    strideW: 1,
    padH: 1,
    padW: 1,
    dilationH: 1,
    dilationW: 1,
    outH: 32,
    outW: 32,
  };
  const img = randomView([8, 16, 32, 32]);
  const cols = randomView([8, 16 * 9, 32 * 32]);
  const m = 8 * 16 * 9 * 32 * 32;
  const ms = best(() => cpu.dispose(cpu.unfold(img, g)), 5);
  console.log(
    `unfold 8x16x32x32 k3 p1: ${ms.toFixed(2)} ms (${(m / (ms * 1e3)).toFixed(0)} Melem/s)`,
  );
  const msf = best(() => cpu.dispose(cpu.fold(cols, g)), 5);
  console.log(
    `fold   8x16x32x32 k3 p1: ${msf.toFixed(2)} ms (${(m / (msf * 1e3)).toFixed(0)} Melem/s)`,
  );
}
