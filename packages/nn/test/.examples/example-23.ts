// from src/functional/activation.ts:6
import { tensor } from '@tensorgrad/autograd';
import { F, type GeluOptions } from '@tensorgrad/nn';
const options: GeluOptions = { approximate: 'tanh' };
const y = F.gelu(tensor([1]), options).item();
if (Math.abs(y - 0.8412) > 1e-3) throw new Error(`tanh GELU(1) = ${y}`);
export {};
