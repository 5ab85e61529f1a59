// from src/ops/indexing.ts:36
import { gather, tensor } from '@tensorgrad/tensor';
const idx = tensor([[1], [0]], { dtype: 'int32' });
const y = gather(tensor([[1, 2], [3, 4]]), 1, idx);
if (JSON.stringify(y.toArray()) !== '[[2],[3]]') throw new Error('gather');
export {};
