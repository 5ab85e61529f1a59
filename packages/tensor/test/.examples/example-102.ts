// from src/ops/elementwise.ts:366
import { cos, tensor } from '@tensorgrad/tensor';
const y = cos(tensor([0]));
if (y.toArray().join() !== '1') throw new Error('cos');
export {};
