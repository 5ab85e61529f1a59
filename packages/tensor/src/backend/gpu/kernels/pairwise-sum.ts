/**
 * Pairwise summation of equally sized device arrays (the slices of a matmul over a long K),
 * so that the sum of s slices goes through log₂ s roundings rather than s.
 */
import type { DType, View } from '../../backend.js';
import type { GpuData } from '../gpu-data.js';
import type { DeviceArray } from '../gpu-runtime.js';
import { binary } from './elementwise.js';
import type { KernelContext } from './kernel-context.js';

/**
 * Adds arrays as they come: `pending` holds partial sums of 1, 2, 4, ... arrays (a binary
 * counter), so at most log₂ s arrays are alive at once. Every array pushed is released.
 */
export class PairwiseSum {
  private readonly pending: { sum: DeviceArray; count: number }[] = [];

  constructor(
    private readonly ctx: KernelContext,
    private readonly size: number,
    private readonly dtype: DType,
  ) {}

  /** Add `part` (owned from now on). */
  push(part: DeviceArray): void {
    let entry = { sum: part, count: 1 };
    while (
      this.pending.length > 0 &&
      this.pending[this.pending.length - 1]!.count === entry.count
    ) {
      const left = this.pending.pop()!;
      entry = { sum: this.add(left.sum, entry.sum), count: 2 * entry.count };
    }
    this.pending.push(entry);
  }

  /** The sum of everything pushed (at least one array); the caller owns it. */
  result(): DeviceArray {
    let total = this.pending.pop()!.sum;
    while (this.pending.length > 0) total = this.add(this.pending.pop()!.sum, total);
    return total;
  }

  /** `total + part` as a new array; both inputs are released. */
  private add(total: DeviceArray, part: DeviceArray): DeviceArray {
    // Adopted only for the duration of the add, so the memory ledger sees balanced counts.
    const x = this.ctx.memory.adopt(total, this.size, this.dtype);
    const y = this.ctx.memory.adopt(part, this.size, this.dtype);
    const whole = (data: GpuData): View => ({
      data,
      shape: [this.size],
      strides: [1],
      offset: 0,
    });
    try {
      return binary(this.ctx, 'add', whole(x), whole(y), this.dtype)!;
    } finally {
      this.ctx.memory.free(x);
      this.ctx.memory.free(y);
    }
  }
}
