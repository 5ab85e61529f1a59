// from src/tensor.ts:1006
import { tensor } from '@tensorgrad/tensor';
if (tensor([3, 1, 2]).min().item() !== 1) throw new Error('min');
export {};
