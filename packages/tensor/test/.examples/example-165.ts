// from src/ops/views.ts:338
import { arange, select } from '@tensorgrad/tensor';
const y = select(arange(6).reshape(2, 3), 1, -1);
if (y.toArray().join() !== '2,5') throw new Error('select');
export {};
