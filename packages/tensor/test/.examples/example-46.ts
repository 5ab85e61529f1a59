// from src/creation.ts:456
import { bernoulli, tensor } from '@tensorgrad/tensor';
const x = bernoulli(0.5, [4]);
if (!x.eq(0).logicalOr(x.eq(1)).all().item()) throw new Error('bernoulli');
if (bernoulli(tensor([0, 1])).toArray().join() !== '0,1') throw new Error('from probabilities');
export {};
