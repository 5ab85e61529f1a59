// from src/ops/join.ts:85
import { ones, stack, zeros } from '@tensorgrad/tensor';
const y = stack([zeros([2]), ones([2])], 1);
if (JSON.stringify(y.toArray()) !== '[[0,1],[0,1]]') throw new Error('stack');
export {};
