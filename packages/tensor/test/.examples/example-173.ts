// from src/random.ts:59
import { Generator } from '@tensorgrad/tensor';
const g = new Generator(1);
const first = g.uniform();
g.manualSeed(1);
if (g.uniform() !== first) throw new Error('manualSeed');
export {};
