// from src/tensor.ts:1040
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2, 3, 4]).var(undefined, { unbiased: false }).item() !== 1.25) throw new Error('var');
export {};
