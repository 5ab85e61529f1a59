// from src/tensor.ts:687
import { tensor } from '@tensorgrad/tensor';
const [a, b] = tensor([0, 1]).gelu().toArray() as number[];
if (a !== 0 || Math.abs(b! - 0.8413) > 1e-4) throw new Error('gelu');
export {};
