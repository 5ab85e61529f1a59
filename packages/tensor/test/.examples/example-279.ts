// from src/tensor.ts:1051
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 3]).std(0, { unbiased: false }).item() !== 1) throw new Error('std');
export {};
