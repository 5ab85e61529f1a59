// from src/ops/assign.ts:13
import { ones, sliceAssign, zeros } from '@tensorgrad/tensor';
const y = sliceAssign(zeros([4]), [1], [2], ones([2]));
if (y.toArray().join() !== '0,1,0,1') throw new Error('sliceAssign');
export {};
