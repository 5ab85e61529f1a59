// from src/tensor.ts:984
import { tensor } from '@tensorgrad/tensor';
if (tensor([2, 3, 4]).prod().item() !== 24) throw new Error('prod');
export {};
