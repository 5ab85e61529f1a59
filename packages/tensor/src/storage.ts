/**
 * A Storage is one block of backend memory shared by a tensor and all of its views.
 * It counts the tensors that reference it and frees the memory when the last one lets go.
 */
import type { Backend, BackendData } from './backend/backend.js';

/**
 * Backend memory plus the number of live tensors (a base and its views) that reference it.
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
  /** How many live tensors reference this storage. */
  refs = 0;

  /**
   * @param backend - the backend that owns `data` and will free it.
   * @param data - the memory; freed exactly once, when `refs` drops back to 0.
   */
  constructor(
    readonly backend: Backend,
    readonly data: BackendData,
  ) {}

  /** Whether the memory has been freed. */
  get isFreed(): boolean {
    return this.freed;
  }

  private freed = false;

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
      this.backend.dispose(this.data);
    }
  }
}
