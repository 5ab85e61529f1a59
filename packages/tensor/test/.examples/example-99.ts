// from src/ops/elementwise.ts:336
import { sqrt, tensor } from '@tensorgrad/tensor';
const y = sqrt(tensor([4, 9]));
if (y.toArray().join() !== '2,3') throw new Error('sqrt');
export {};
