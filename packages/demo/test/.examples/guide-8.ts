// from docs/guides/getting-started.md:30
import { randn, tensor } from '@tensorgrad/autograd';
import { AdamW, F, Linear } from '@tensorgrad/nn';

const model = new Linear(4, 3);
const opt = new AdamW(model.parameters(), { lr: 0.05 });
const x = randn([16, 4]);
const target = tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], { dtype: 'int32' });
let first = 0;
let last = 0;
for (let step = 0; step < 50; step++) {
  opt.zeroGrad();
  const loss = F.crossEntropy(model.forward(x), target);
  loss.backward();
  opt.step();
  if (step === 0) first = loss.item();
  last = loss.item();
}
if (!(last < first)) throw new Error('the loss should fall');
export {};
