// from src/tensor.ts:75
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).dtype !== 'float32' || tensor([true]).dtype !== 'bool') throw new Error('dtype');
export {};
