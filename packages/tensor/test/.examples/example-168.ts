// from src/ops/views.ts:400
import { contiguous, zeros } from '@tensorgrad/tensor';
const t = zeros([2, 3]).mT;
if (t.isContiguous() || !contiguous(t).isContiguous()) throw new Error('contiguous');
export {};
