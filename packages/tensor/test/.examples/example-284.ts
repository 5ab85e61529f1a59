// from src/tensor.ts:1108
import { tensor } from '@tensorgrad/tensor';
if (tensor([0, 0, 1]).any().item() !== true) throw new Error('any');
export {};
