// from src/ops/elementwise.ts:563
import { maskedFill, tensor, zeros } from '@tensorgrad/tensor';
const y = maskedFill(zeros([2, 2]), tensor([true, false]), 7); // the mask broadcasts
if (JSON.stringify(y.toArray()) !== '[[7,0],[7,0]]') throw new Error('maskedFill');
export {};
