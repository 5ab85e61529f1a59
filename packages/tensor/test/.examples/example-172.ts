// from src/random.ts:47
import { Generator } from '@tensorgrad/tensor';
if (new Generator(7).initialSeed() !== 7) throw new Error('initialSeed');
export {};
