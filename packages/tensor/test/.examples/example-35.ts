// from src/creation.ts:237
import { empty } from '@tensorgrad/tensor';
if (empty([2]).toArray().join() !== '0,0') throw new Error('empty'); // zero-filled here
export {};
