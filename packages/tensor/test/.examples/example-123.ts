// from src/ops/indexing.ts:153
import { ones, tril } from '@tensorgrad/tensor';
if (JSON.stringify(tril(ones([2, 2])).toArray()) !== '[[1,0],[1,1]]') throw new Error('tril');
export {};
