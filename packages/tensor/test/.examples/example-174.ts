// from src/random.ts:84
import { Generator } from '@tensorgrad/tensor';
const n = new Generator(0).nextUint32();
if (!Number.isInteger(n) || n < 0 || n >= 2 ** 32) throw new Error('nextUint32');
export {};
