/**
 * A Storage is one block of backend memory shared by a tensor and all of its views.
 * It counts the tensors that reference it and frees the memory when the last one lets go.
 */
import type { Backend, BackendData } from './backend/backend.js';

/**
 * Backend memory plus the number of tensors (a base and its views) that reference it.
 *
 * Two ways end it: deterministically, when the last tensor referencing it is disposed (`tidy`,
 * `dispose()`), or, once no tensor referencing it is reachable, when the garbage collector
 * collects it and the backend's finalizer frees the memory (see `memory()`). A tensor that is
 * collected without being disposed never gives its reference back (nothing observes it in
 * time), so a storage one of whose views was dropped that way goes the second way.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/tensor';
 * const x = tensor([1, 2, 3]);
 * const v = x.reshape(3, 1); // a view: the same Storage, one more reference
 * if (v.storage !== x.storage || x.storage.refs !== 2) throw new Error('Storage');
 * x.dispose();
 * v.dispose();
 * if (!v.storage.isFreed) throw new Error('freed with the last reference');
 * ```
 */
export class Storage {
  /** How many tensors referencing this storage were not disposed (the collected ones included). */
  refs = 0;

  /**
   * @param backend - the backend that owns `data` and will free it.
   * @param data - the memory; freed exactly once, when `refs` drops back to 0.
   */
  constructor(
    readonly backend: Backend,
    data: BackendData,
  ) {
    this.current = data;
  }

  private current: BackendData;
  private freed = false;
  private writes = 0;

  /** The memory the tensors over this storage read (replaced, never mutated, by `replace`). */
  get data(): BackendData {
    return this.current;
  }

  /**
   * How many times `replace` wrote new numbers into this storage: PyTorch's version
   * counter, shared by all views. Autograd records it for every tensor an op saves for backward,
   * so that backward refuses to run on numbers changed since the forward.
   */
  get version(): number {
    return this.writes;
  }

  /** Whether the memory has been freed. */
  get isFreed(): boolean {
    return this.freed;
  }

  /** A tensor starts referencing this storage. */
  retain(): void {
    if (this.freed) throw new Error('Storage: cannot reference memory that was already freed');
    this.refs++;
  }

  /** A tensor stops referencing this storage; the last release frees the memory. */
  release(): void {
    this.refs--;
    if (this.refs === 0 && !this.freed) {
      this.freed = true;
      this.backend.dispose(this.current);
    }
  }

  /**
   * Installs `data` (fresh memory of this backend, of the same size and dtype, owned by nobody
   * else) as this storage's memory and frees the previous one: every view now reads the new
   * numbers. Backends never write into existing memory, so this swap is how an in-place copy
   * (`copyInto`, behind `Tensor.assign`) is done; it increments {@link version}.
   * @internal
   */
  replace(data: BackendData): void {
    if (this.freed) throw new Error('Storage: cannot write into memory that was already freed');
    const previous = this.current;
    this.current = data;
    this.writes++;
    this.backend.dispose(previous);
  }
}
