// from src/tensor.ts:373
import { arange } from '@tensorgrad/tensor';
if (arange(10).slice(0, -3).toArray().join() !== '7,8,9') throw new Error('slice');
if (arange(10).slice(0, 0, 10, 4).toArray().join() !== '0,4,8') throw new Error('slice with a step');
export {};
