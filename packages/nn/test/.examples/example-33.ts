// from src/functional/dropout.ts:9
import { ones } from '@tensorgrad/autograd';
import { Generator } from '@tensorgrad/tensor';
import { dropout, type DropoutOptions } from '@tensorgrad/nn';
const options: DropoutOptions = { generator: new Generator(0) };
const a = dropout(ones([8]), 0.5, true, options).toArray().join();
const b = dropout(ones([8]), 0.5, true, { generator: new Generator(0) }).toArray().join();
if (a !== b) throw new Error('same seed, same mask');
export {};
