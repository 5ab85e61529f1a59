// from src/memory.ts:106
import { memory, tensor, tidy } from '@tensorgrad/tensor';
const x = tensor([1, 2]);
const before = memory().tensors;
const y = tidy(() => x.mul(2).add(1)); // the x.mul(2) intermediate is freed
if (y.toArray().join() !== '3,5' || memory().tensors !== before + 1) throw new Error('tidy');
export {};
