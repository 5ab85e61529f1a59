// from src/shape.ts:184
import { sameShape } from '@tensorgrad/tensor';
if (!sameShape([2, 3], [2, 3]) || sameShape([2, 3], [3, 2])) throw new Error('sameShape');
export {};
