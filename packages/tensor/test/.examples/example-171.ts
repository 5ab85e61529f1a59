// from src/random.ts:22
import { Generator, rand } from '@tensorgrad/tensor';
const g = new Generator(42);
const a = rand([2], { generator: g }).toArray();
const b = rand([2], { generator: new Generator(42) }).toArray();
if (a.join() !== b.join()) throw new Error('the same seed gives the same numbers');
export {};
