/**
 * The one place where TypeScript member names become PyTorch state-dict key segments.
 *
 * Modules keep idiomatic camelCase members (`toQkv`, `memoriesPerLayer`), while checkpoints
 * written by PyTorch use the snake_case attribute names of the Python original (`to_qkv`,
 * `memories_per_layer`). Every key of `stateDict()` / `loadStateDict()` goes through
 * {@link stateDictKey}, so the two spellings cannot drift apart.
 */

/**
 * Map a camelCase member name to its PyTorch state-dict segment: each upper-case letter becomes
 * `_` plus its lower-case form. Names that are already snake_case (or digits, as used by
 * `Sequential` and `ModuleList`) pass through unchanged.
 *
 * Acronyms must be written as words (`toQkv`, not `toQKV`, which would give `to_q_k_v`).
 *
 * @example
 * ```ts
 * import { stateDictKey } from '@tensorgrad/nn';
 * if (stateDictKey('toQkv') !== 'to_qkv') throw new Error('toQkv');
 * if (stateDictKey('memoriesPerLayer') !== 'memories_per_layer') throw new Error('memoriesPerLayer');
 * if (stateDictKey('norm1') !== 'norm1') throw new Error('norm1');
 * ```
 */
export function stateDictKey(memberName: string): string {
  return memberName.replace(/[A-Z]/g, (letter, index: number) =>
    index === 0 ? letter.toLowerCase() : `_${letter.toLowerCase()}`,
  );
}
