// from src/ops/views.ts:219
import { squeeze, zeros } from '@tensorgrad/tensor';
if (squeeze(zeros([1, 3, 1])).shape.join() !== '3') throw new Error('squeeze');
if (squeeze(zeros([1, 3, 1]), [0, 1]).shape.join() !== '3,1') throw new Error('squeeze dims');
export {};
