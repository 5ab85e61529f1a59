// from src/tensor.ts:65
import { arange } from '@tensorgrad/tensor';
const row = arange(6).reshape(2, 3).select(0, 1);
if (row.offset !== 3) throw new Error('offset');
export {};
