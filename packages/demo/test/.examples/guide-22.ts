// from docs/guides/training.md:11
import { randn, tensor, tidy } from '@tensorgrad/autograd';
import { AdamW, CosineAnnealingLR, F, Linear, ReLU, Sequential, clipGradNorm } from '@tensorgrad/nn';
import { manualSeed } from '@tensorgrad/tensor';

manualSeed(0);
const model = new Sequential(new Linear(2, 32), new ReLU(), new Linear(32, 2));
const opt = new AdamW(model.parameters(), { lr: 0.02, weightDecay: 0.01 });
const steps = 200;
const schedule = new CosineAnnealingLR(opt, steps);

// XOR-like data: the class is whether x and y have the same sign
const x = randn([128, 2]);
const xy = x.data();
const labels = Int32Array.from({ length: 128 }, (_, i) => (xy[2 * i]! * xy[2 * i + 1]! > 0 ? 1 : 0));
const y = tensor(labels, { dtype: 'int32' });

let loss = 0;
for (let step = 0; step < steps; step++) {
  loss = tidy(() => {
    const l = F.crossEntropy(model.forward(x), y);
    opt.zeroGrad();
    l.backward();
    clipGradNorm(model.parameters(), 1.0);
    opt.step();
    return Number(l.item());
  });
  schedule.step();
}
if (!(loss < 0.2)) throw new Error(`loss ${loss}`);
export {};
