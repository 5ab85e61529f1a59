// from src/ops/join.ts:114
import { arange, split } from '@tensorgrad/tensor';
const parts = split(arange(5), 2);
if (parts.map((t) => t.size).join() !== '2,2,1') throw new Error('split');
if (split(arange(5), [1, 4]).map((t) => t.size).join() !== '1,4') throw new Error('split sizes');
export {};
