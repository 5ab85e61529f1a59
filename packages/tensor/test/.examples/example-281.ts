// from src/tensor.ts:1074
import { tensor } from '@tensorgrad/tensor';
if (tensor([3, 4]).norm().item() !== 5) throw new Error('norm');
if (tensor([3, -4]).norm(1).item() !== 7) throw new Error('1-norm');
export {};
