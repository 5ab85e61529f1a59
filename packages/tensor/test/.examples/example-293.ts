// from src/tensor.ts:1210
import { ones } from '@tensorgrad/tensor';
if (JSON.stringify(ones([2, 2]).triu(1).toArray()) !== '[[0,1],[0,0]]') throw new Error('triu');
export {};
