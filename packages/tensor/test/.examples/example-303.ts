// from src/tensor.ts:1337
import { arange, tensor } from '@tensorgrad/tensor';
if (!tensor([1]).isFloatingPoint || arange(2).isFloatingPoint) throw new Error('isFloatingPoint');
export {};
