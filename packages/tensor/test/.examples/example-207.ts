// from src/tensor.ts:233
import { heldTensors, tensor } from '@tensorgrad/tensor';
const x = tensor([1]);
if (x[heldTensors]()[0] !== x) throw new Error('heldTensors');
export {};
