// from src/tensor.ts:1199
import { tensor } from '@tensorgrad/tensor';
if (JSON.stringify(tensor([[1, 2], [3, 4]]).indexSelect(1, tensor([1], { dtype: 'int32' })).toArray()) !== '[[2],[4]]') throw new Error('indexSelect');
export {};
