// from src/functional/dropout.ts:28
import { ones } from '@tensorgrad/autograd';
import { Generator } from '@tensorgrad/tensor';
import { dropout } from '@tensorgrad/nn';
const x = ones([4, 4]);
if (dropout(x, 0.1, false) !== x) throw new Error('not training: the input itself');
const y = dropout(x, 0.5, true, { generator: new Generator(0) }).toArray().flat();
if (!y.every((v) => v === 0 || v === 2)) throw new Error('survivors scaled by 2');
export {};
