// from src/ops/views.ts:125
import { permute, zeros } from '@tensorgrad/tensor';
const y = permute(zeros([2, 3, 4]), [2, 0, 1]);
if (y.shape.join() !== '4,2,3') throw new Error('permute');
export {};
