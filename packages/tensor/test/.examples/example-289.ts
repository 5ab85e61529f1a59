// from src/tensor.ts:1166
import { arange } from '@tensorgrad/tensor';
if (arange(6).chunk(2).map((t) => t.size).join() !== '3,3') throw new Error('chunk');
export {};
