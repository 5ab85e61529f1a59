// from src/host.ts:10
import { type NestedArray, tensor } from '@tensorgrad/tensor';
const rows: NestedArray = tensor([[1, 2], [3, 4]]).toArray();
if (JSON.stringify(rows) !== '[[1,2],[3,4]]') throw new Error('NestedArray');
export {};
