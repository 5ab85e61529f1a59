// from src/tensor.ts:699
import { tensor } from '@tensorgrad/tensor';
const [a, b] = tensor([0, 1]).erf().toArray() as number[];
if (a !== 0 || Math.abs(b! - 0.8427) > 1e-4) throw new Error('erf');
export {};
