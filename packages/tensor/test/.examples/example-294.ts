// from src/tensor.ts:1221
import { ones } from '@tensorgrad/tensor';
if (JSON.stringify(ones([2, 2]).tril(-1).toArray()) !== '[[0,0],[1,0]]') throw new Error('tril');
export {};
