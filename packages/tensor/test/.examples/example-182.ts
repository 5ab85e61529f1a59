// from src/shape.ts:36
import { sizeOf } from '@tensorgrad/tensor';
if (sizeOf([2, 3]) !== 6 || sizeOf([]) !== 1) throw new Error('sizeOf');
export {};
