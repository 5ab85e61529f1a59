// from src/ops/elementwise.ts:406
import { gelu, tensor } from '@tensorgrad/tensor';
const y = gelu(tensor([0, 1]));
if (Math.abs((y.toArray() as number[])[1]! - 0.8413) > 1e-4) throw new Error('gelu');
export {};
