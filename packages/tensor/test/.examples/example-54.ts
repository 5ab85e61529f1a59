// from src/dtype.ts:91
import { itemSize } from '@tensorgrad/tensor';
if (itemSize('float64') !== 8 || itemSize('bool') !== 1) throw new Error('itemSize');
export {};
