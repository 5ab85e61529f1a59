// from src/storage.ts:59
import { tensor } from '@tensorgrad/tensor';
const x = tensor([1, 2]);
x.storage.retain(); // what a new view over x does
if (x.storage.refs !== 2) throw new Error('retain');
x.storage.release();
export {};
