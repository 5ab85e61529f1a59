// from src/ops/views.ts:98
import { arange, view } from '@tensorgrad/tensor';
const v = view(arange(6), [3, 2]);
if (v.shape.join() !== '3,2') throw new Error('view');
let threw = false;
try {
  view(arange(6).reshape(2, 3).mT, [6]);
} catch {
  threw = true; // a transposed matrix has no flat view
}
if (!threw) throw new Error('view should refuse');
export {};
