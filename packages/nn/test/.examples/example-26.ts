// from src/functional/activation.ts:59
import { tensor } from '@tensorgrad/autograd';
import { softmax } from '@tensorgrad/nn';
const p = softmax(tensor([[1000, 1000]]), -1).toArray().flat();
if (p.join() !== '0.5,0.5') throw new Error(`no overflow: ${p}`);
export {};
