// from src/random.ts:105
import { Generator } from '@tensorgrad/tensor';
const u = new Generator(0).uniform();
if (!(u >= 0 && u < 1)) throw new Error('uniform');
export {};
