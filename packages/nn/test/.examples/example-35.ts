// from src/functional/embedding.ts:10
import { tensor } from '@tensorgrad/autograd';
import { embedding } from '@tensorgrad/nn';
const table = tensor([[0, 0], [1, 1], [2, 2]]);
const rows = embedding(tensor([[2, 1]], { dtype: 'int32' }), table);
if (rows.toArray().flat(2).join() !== '2,2,1,1') throw new Error(`got ${rows.toArray()}`);
export {};
