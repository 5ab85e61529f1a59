// from src/tensor.ts:1294
import { tensor } from '@tensorgrad/tensor';
if (tensor([[7]]).item() !== 7) throw new Error('item');
if (tensor(true).item() !== true) throw new Error('bool item');
export {};
