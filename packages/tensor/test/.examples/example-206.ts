// from src/tensor.ts:197
import { memory, tensor } from '@tensorgrad/tensor';
const x = tensor([1, 2]);
const before = memory().tensors;
x.dispose();
x.dispose(); // idempotent
if (memory().tensors !== before - 1) throw new Error('dispose');
export {};
