// from src/tensor.ts:247
import { arange } from '@tensorgrad/tensor';
if (arange(6).reshape(2, -1).shape.join() !== '2,3') throw new Error('reshape');
if (arange(6).reshape([3, 2]).shape.join() !== '3,2') throw new Error('reshape array');
export {};
