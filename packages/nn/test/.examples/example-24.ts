// from src/functional/activation.ts:23
import { tensor } from '@tensorgrad/autograd';
import { gelu } from '@tensorgrad/nn';
const x = tensor([1]);
const exact = gelu(x).item();
const approx = gelu(x, { approximate: 'tanh' }).item();
if (Math.abs(exact - 0.8413) > 1e-4 || Math.abs(approx - exact) > 1e-3) throw new Error('GELU(1)');
export {};
