// from src/tensor.ts:259
import { arange } from '@tensorgrad/tensor';
const v = arange(6).view(3, 2);
if (v.shape.join() !== '3,2') throw new Error('view');
export {};
