// from src/ops/views.ts:279
import { unflatten, zeros } from '@tensorgrad/tensor';
if (unflatten(zeros([2, 12]), 1, [3, -1]).shape.join() !== '2,3,4') throw new Error('unflatten');
export {};
