// A user's first script, run with plain `node` in a project that installed the packed
// packages: a small MLP learns XOR-like data, a tiny ViT takes one optimizer step, and the
// weights round-trip through a safetensors file. It exits non-zero if anything is off.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendInfo, gpuAvailability, manualSeed, noGrad, tensor } from '@tensorgrad/autograd';
import { LearnableMemoryViT } from '@tensorgrad/models';
import { AdamW, F, Linear, ReLU, Sequential } from '@tensorgrad/nn';

function check(ok, what) {
  if (!ok) {
    console.error(`consumer: ${what}`);
    process.exit(1);
  }
}

manualSeed(0);
const info = backendInfo();
check(info.name === 'cpu', `expected the cpu backend in Node, got ${JSON.stringify(info)}`);
// gpu.js is an optional peer dependency; without it the gpu backend says what to install.
const gpu = gpuAvailability();
check(!gpu.available && gpu.reason.includes('npm install gpu.js'), `gpu reason: ${gpu.reason}`);

const x = tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
const y = tensor([0, 1, 1, 0], { dtype: 'int32' });
const mlp = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 2));
const opt = new AdamW(mlp.parameters(), { lr: 0.05 });
let first = 0;
let last = 0;
for (let step = 0; step < 150; step++) {
  opt.zeroGrad();
  const loss = F.crossEntropy(mlp.forward(x), y);
  loss.backward();
  opt.step();
  last = loss.item();
  if (step === 0) first = last;
}
check(last < first / 4, `the MLP did not learn: loss ${first} -> ${last}`);
const predicted = noGrad(() => mlp.forward(x).argmax(-1).toArray());
check(predicted.join() === '0,1,1,0', `XOR predictions ${predicted.join()}`);

const path = join(mkdtempSync(join(tmpdir(), 'tensorgrad-consumer-')), 'mlp.safetensors');
mlp.saveSafetensors(path);
const copy = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 2));
copy.loadSafetensors(path);
const same = noGrad(() => copy.forward(x).sub(mlp.forward(x)).abs().max().item());
check(same === 0, `safetensors round trip differs by ${same}`);

const vit = new LearnableMemoryViT({
  imageSize: 8,
  patchSize: 4,
  numClasses: 3,
  dim: 16,
  depth: 1,
  heads: 2,
  mlpDim: 32,
  dimHead: 8,
});
const images = tensor(
  new Float32Array(2 * 3 * 8 * 8).map((_, i) => Math.sin(i)),
  { shape: [2, 3, 8, 8] },
);
const vitOpt = new AdamW(vit.parameters(), { lr: 1e-3 });
const vitLoss = F.crossEntropy(vit.forward(images), tensor([0, 2], { dtype: 'int32' }));
vitLoss.backward();
vitOpt.step();
check(Number.isFinite(vitLoss.item()), `ViT loss ${vitLoss.item()}`);

console.log(
  `consumer: MLP loss ${first.toFixed(3)} -> ${last.toFixed(4)}, XOR learned, safetensors ` +
    `round trip exact, ViT step loss ${vitLoss.item().toFixed(4)} (${info.name}: ${info.reason})`,
);
