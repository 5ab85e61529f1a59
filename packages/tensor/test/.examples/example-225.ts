// from src/tensor.ts:441
import { tensor } from '@tensorgrad/tensor';
const x = tensor([1, 2]);
if (x.clone().storage === x.storage) throw new Error('clone');
export {};
