// from src/ops/sort.ts:101
import { type UniqueResult, tensor, unique } from '@tensorgrad/tensor';
const r: UniqueResult = unique(tensor([[2, 1], [2, 2]]), { returnInverse: true });
if (JSON.stringify(r.inverse?.toArray()) !== '[[1,0],[1,1]]') throw new Error('UniqueResult');
export {};
