// from src/ops/indexing.ts:140
import { ones, triu } from '@tensorgrad/tensor';
if (JSON.stringify(triu(ones([2, 2])).toArray()) !== '[[1,1],[0,1]]') throw new Error('triu');
if (JSON.stringify(triu(ones([2, 2]), 1).toArray()) !== '[[0,1],[0,0]]') throw new Error('triu k=1');
export {};
