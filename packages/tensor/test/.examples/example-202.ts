// from src/tensor.ts:138
import { zeros } from '@tensorgrad/tensor';
if (zeros([2, 3]).ndim !== 2) throw new Error('ndim');
export {};
