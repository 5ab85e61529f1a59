// from src/storage.ts:23
import { tensor } from '@tensorgrad/tensor';
const x = tensor([1, 2]);
if (x.storage.refs !== 1) throw new Error('refs');
export {};
