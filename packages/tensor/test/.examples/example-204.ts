// from src/tensor.ts:163
import { tensor } from '@tensorgrad/tensor';
const x = tensor([1]);
x.dispose();
if (!x.isDisposed) throw new Error('isDisposed');
export {};
