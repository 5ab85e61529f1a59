// from src/random.ts:120
import { Generator } from '@tensorgrad/tensor';
const g = new Generator(0);
let total = 0;
for (let i = 0; i < 1000; i++) total += g.normal();
if (Math.abs(total / 1000) > 0.2) throw new Error('normal: mean far from 0');
export {};
