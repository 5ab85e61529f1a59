// from src/tensor.ts:429
import { zeros } from '@tensorgrad/tensor';
const t = zeros([2, 3]).mT.contiguous();
if (!t.isContiguous() || t.strides.join() !== '2,1') throw new Error('contiguous');
export {};
