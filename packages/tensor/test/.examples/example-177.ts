// from src/random.ts:144
import { Generator } from '@tensorgrad/tensor';
const k = new Generator(0).integer(3, 5);
if (k !== 3 && k !== 4) throw new Error('integer');
export {};
