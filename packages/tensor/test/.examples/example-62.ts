// from src/memory.ts:49
import { type HoldsTensors, dispose, heldTensors, randn, tidy } from '@tensorgrad/tensor';
class Weights implements HoldsTensors {
  readonly w = randn([2, 2]);
  [heldTensors]() {
    return [this.w];
  }
}
const m = tidy(() => new Weights());
if (m.w.isDisposed) throw new Error('HoldsTensors');
dispose(m);
if (!m.w.isDisposed) throw new Error('dispose finds held tensors');
export {};
