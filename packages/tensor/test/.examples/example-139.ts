// from src/ops/reduce.ts:242
import { type VarOptions, tensor, variance } from '@tensorgrad/tensor';
const x = tensor([1, 2, 3, 4]);
const biased: VarOptions = { unbiased: false };
if (variance(x, undefined, biased).item() !== 1.25) throw new Error('VarOptions');
export {};
