// from src/creation.ts:418
import { manualSeed, randn } from '@tensorgrad/tensor';
manualSeed(0);
const x = randn([1000]);
if (Math.abs(x.mean().item() as number) > 0.2) throw new Error('randn: mean far from 0');
export {};
