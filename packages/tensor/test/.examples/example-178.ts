// from src/random.ts:164
import { defaultGenerator, manualSeed, rand } from '@tensorgrad/tensor';
manualSeed(3);
const a = defaultGenerator().uniform();
manualSeed(3);
if (rand([1]).item() !== Math.fround(a)) throw new Error('rand draws from the default generator');
export {};
