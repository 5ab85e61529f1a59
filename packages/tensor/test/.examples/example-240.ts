// from src/tensor.ts:610
import { tensor } from '@tensorgrad/tensor';
if (tensor([4, 9]).sqrt().toArray().join() !== '2,3') throw new Error('sqrt');
export {};
