// from src/tensor.ts:1029
import { tensor } from '@tensorgrad/tensor';
if (tensor([3, 1, 2]).argmin().item() !== 1) throw new Error('argmin');
export {};
