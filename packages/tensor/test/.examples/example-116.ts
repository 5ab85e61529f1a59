// from src/ops/elementwise.ts:508
import { clamp, tensor } from '@tensorgrad/tensor';
const y = clamp(tensor([-2, 0, 2]), -1, 1);
if (y.toArray().join() !== '-1,0,1') throw new Error('clamp');
if (clamp(tensor([-2, 5]), 0).toArray().join() !== '0,5') throw new Error('clamp min only');
export {};
