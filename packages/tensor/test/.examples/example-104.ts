// from src/ops/elementwise.ts:386
import { sigmoid, tensor } from '@tensorgrad/tensor';
const y = sigmoid(tensor([0]));
if (y.item() !== 0.5) throw new Error('sigmoid');
export {};
