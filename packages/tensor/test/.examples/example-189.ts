// from src/storage.ts:9
import { tensor } from '@tensorgrad/tensor';
const x = tensor([1, 2, 3]);
const v = x.reshape(3, 1); // a view: the same Storage, one more reference
if (v.storage !== x.storage || x.storage.refs !== 2) throw new Error('Storage');
x.dispose();
v.dispose();
if (!v.storage.isFreed) throw new Error('freed with the last reference');
export {};
