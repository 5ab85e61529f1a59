// from src/ops/cast.ts:12
import { cast, tensor } from '@tensorgrad/tensor';
const y = cast(tensor([1.7, -1.7]), 'int32');
if (y.toString() !== 'tensor([ 1, -1], dtype=int32)') throw new Error('cast');
if (cast(tensor([0, 2]), 'bool').toArray().join() !== 'false,true') throw new Error('cast to bool');
export {};
