// from src/creation.ts:224
import { ones } from '@tensorgrad/tensor';
if (ones(2).toArray().join() !== '1,1') throw new Error('ones');
export {};
