// from docs/guides/models/memformer.md:13
import { randint } from '@tensorgrad/autograd';
import { Memformer } from '@tensorgrad/models';
import { Generator, manualSeed } from '@tensorgrad/tensor';

manualSeed(0);
const model = new Memformer({ dim: 32, numMemorySlots: 4, encNumTokens: 50, encDepth: 2,
  encHeads: 4, encMaxSeqLen: 16, decNumTokens: 50, decDepth: 2, decHeads: 4, decMaxSeqLen: 16 });
const src = randint(1, 50, [2, 12]);
const tgt = randint(1, 50, [2, 10]);
const seg1 = model.forward(src, { tgt });
const seg2 = model.forward(src, { tgt, mems: seg1.mem }); // memory flows, with gradients
seg1.decOut!.add(seg2.decOut!).backward();
const sample = model.generate(src, randint(1, 50, [2, 1]), 8, { temperature: 0.8, generator: new Generator(1) });
console.log(seg2.mem.shape, sample.shape); // [2, 4, 32] [2, 8]
export {};
