// from src/random.ts:179
import { manualSeed } from '@tensorgrad/tensor';
if (manualSeed(0).uniform() !== manualSeed(0).uniform()) throw new Error('manualSeed');
export {};
