// from src/memory.ts:14
import { type Pair, Tensor, heldTensors, ones, tidy, zeros } from '@tensorgrad/tensor';
class Pair {
  constructor(
    readonly a: Tensor,
    readonly b: Tensor,
  ) {}
  [heldTensors]() {
    return [this.a, this.b];
  }
}
const p = tidy(() => new Pair(ones([2]), zeros([2])));
if (p.a.isDisposed || p.b.isDisposed) throw new Error('tidy keeps what the result holds');
export {};
