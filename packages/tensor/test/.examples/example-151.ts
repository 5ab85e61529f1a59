// from src/ops/sort.ts:47
import { tensor, topk } from '@tensorgrad/tensor';
const { values, indices } = topk(tensor([1, 5, 3]), 2);
if (values.toArray().join() !== '5,3' || indices.toArray().join() !== '1,2') throw new Error('topk');
if (topk(tensor([1, 5, 3]), 1, -1, false).values.item() !== 1) throw new Error('smallest');
export {};
