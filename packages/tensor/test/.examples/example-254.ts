// from src/tensor.ts:766
import { tensor } from '@tensorgrad/tensor';
if (tensor([-2, 0, 2]).clamp(-1, 1).toArray().join() !== '-1,0,1') throw new Error('clamp');
if (tensor([-2, 2]).clamp(undefined, 0).toArray().join() !== '-2,0') throw new Error('max only');
export {};
