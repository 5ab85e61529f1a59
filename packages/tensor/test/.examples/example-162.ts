// from src/ops/views.ts:262
import { flatten, zeros } from '@tensorgrad/tensor';
if (flatten(zeros([2, 3, 4]), 1).shape.join() !== '2,12') throw new Error('flatten');
export {};
