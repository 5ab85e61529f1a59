// from src/ops/indexing.ts:104
import { indexSelect, tensor } from '@tensorgrad/tensor';
const idx = tensor([1, 1], { dtype: 'int32' });
const y = indexSelect(tensor([[1, 2], [3, 4]]), 0, idx);
if (JSON.stringify(y.toArray()) !== '[[3,4],[3,4]]') throw new Error('indexSelect');
export {};
