// from src/creation.ts:188
import { full } from '@tensorgrad/tensor';
if (full([2], 7).toArray().join() !== '7,7') throw new Error('full');
if (full([1], true).dtype !== 'bool') throw new Error('full of booleans');
export {};
