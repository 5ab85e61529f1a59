// from src/tensor.ts:1312
import { tensor } from '@tensorgrad/tensor';
if (tensor([[1, 2]], { dtype: 'float64' }).toString() !== 'tensor([[1.0000, 2.0000]], dtype=float64)') throw new Error('toString');
export {};
