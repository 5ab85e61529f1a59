// from src/ops/reduce.ts:199
import { argmax, tensor } from '@tensorgrad/tensor';
const i = argmax(tensor([1, 3, 3]));
if (i.dtype !== 'int32' || i.item() !== 1) throw new Error('argmax'); // the first of a tie
export {};
