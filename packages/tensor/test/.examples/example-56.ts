// from src/format.ts:56
import { formatTensor, tensor } from '@tensorgrad/tensor';
if (formatTensor(tensor([1, 2])) !== 'tensor([1.0000, 2.0000])') throw new Error('formatTensor');
if (formatTensor(tensor([1, 2], { dtype: 'int32' })) !== 'tensor([1, 2], dtype=int32)') throw new Error('int32');
export {};
