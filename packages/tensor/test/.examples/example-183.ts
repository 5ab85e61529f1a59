// from src/shape.ts:50
import { contiguousStrides } from '@tensorgrad/tensor';
if (contiguousStrides([2, 3, 4]).join() !== '12,4,1') throw new Error('contiguousStrides');
export {};
