// from src/tensor.ts:1256
import { tensor } from '@tensorgrad/tensor';
const { values, counts } = tensor([2, 1, 2]).unique({ returnCounts: true });
if (values.toArray().join() !== '1,2' || counts?.toArray().join() !== '1,2') throw new Error('unique');
export {};
