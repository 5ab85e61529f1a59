// from src/functional/activation.ts:46
import { tensor } from '@tensorgrad/autograd';
import { relu } from '@tensorgrad/nn';
if (relu(tensor([-2, 0, 3])).toArray().join() !== '0,0,3') throw new Error('relu');
export {};
