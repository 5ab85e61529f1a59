// from src/ops/views.ts:380
import { flip, tensor } from '@tensorgrad/tensor';
const y = flip(tensor([[1, 2], [3, 4]]), [0, 1]);
if (JSON.stringify(y.toArray()) !== '[[4,3],[2,1]]') throw new Error('flip');
export {};
