// from src/functional/activation.ts:73
import { tensor } from '@tensorgrad/autograd';
import { logSoftmax } from '@tensorgrad/nn';
const lp = logSoftmax(tensor([[0, 0]]), 1).toArray().flat() as number[];
if (Math.abs(lp[0]! - Math.log(0.5)) > 1e-6) throw new Error(`got ${lp}`);
export {};
