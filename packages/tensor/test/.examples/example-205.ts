// from src/tensor.ts:177
import { zeros } from '@tensorgrad/tensor';
const x = zeros([2, 3]);
if (!x.isContiguous() || x.mT.isContiguous()) throw new Error('isContiguous');
export {};
