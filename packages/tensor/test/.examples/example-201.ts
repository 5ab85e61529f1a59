// from src/tensor.ts:126
import { zeros } from '@tensorgrad/tensor';
if (zeros([2, 3]).size !== 6) throw new Error('size');
export {};
