/**
 * Checking the option objects of constructors. TypeScript already rejects an unknown key in an
 * object literal, but not in an object built elsewhere, nor in JavaScript; there a misspelled
 * option (`dimHeads` for `dimHead`) would silently fall back to its default. Every model and
 * layer constructor that takes an options object runs it through {@link checkOptions}, which
 * names the unknown key and the valid one closest to it.
 */

/**
 * Each option of `T`, marked `'required'` or `'optional'` as `T` declares it: the compiler
 * rejects a spec that misses an option, adds one, or marks one wrongly, so the list the check
 * uses cannot drift from the type.
 * @example
 * ```ts
 * import { checkOptions, type OptionSpec } from '@tensorgrad/nn';
 * interface BlockOptions { dim: number; heads?: number }
 * const BLOCK_OPTIONS: OptionSpec<BlockOptions> = { dim: 'required', heads: 'optional' };
 * checkOptions('Block', { dim: 8 }, BLOCK_OPTIONS);
 * let message = '';
 * try { checkOptions('Block', { dim: 8, head: 2 }, BLOCK_OPTIONS); } catch (e) { message = String(e); }
 * if (!message.includes('did you mean `heads`?')) throw new Error(message);
 * ```
 */
export type OptionSpec<T> = {
  readonly [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? 'optional' : 'required';
};

/**
 * Throws when `options` is not an object, holds a key that `spec` does not list (naming the
 * closest valid key), or lacks a required one. `undefined` counts as `{}`.
 * @param owner - what to name in the error, e.g. `'ViT'`.
 * @param explain - for required options, what they are, added to the error when one is missing.
 * @example
 * ```ts
 * import { Linear } from '@tensorgrad/nn';
 * let message = '';
 * try { new Linear(2, 3, { bais: false } as never); } catch (e) { message = (e as Error).message; }
 * if (message !== 'Linear: unknown option `bais`; did you mean `bias`?') throw new Error(message);
 * ```
 */
export function checkOptions<T>(
  owner: string,
  options: unknown,
  spec: OptionSpec<T>,
  explain: Partial<Record<keyof T, string>> = {},
): void {
  const names = Object.keys(spec);
  const required = names.filter((name) => (spec as Record<string, string>)[name] === 'required');
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(
      `${owner}: expected an options object { ${names.join(', ')} }, got ${describe(options)}`,
    );
  }
  const unknown = Object.keys(options).filter((key) => !Object.hasOwn(spec, key));
  if (unknown.length > 0) {
    const suggestions = unknown.map((key) => closestName(key, names));
    if (unknown.length === 1 && suggestions[0] !== undefined) {
      throw new Error(
        `${owner}: unknown option \`${unknown[0]}\`; did you mean \`${suggestions[0]}\`?`,
      );
    }
    const listed = unknown.map((key, i) =>
      suggestions[i] === undefined
        ? `\`${key}\``
        : `\`${key}\` (did you mean \`${suggestions[i]}\`?)`,
    );
    throw new Error(
      `${owner}: unknown option${unknown.length === 1 ? '' : 's'} ${listed.join(', ')}; expected one of ${names.join(', ')}`,
    );
  }
  const values = options as Record<string, unknown>;
  const missing = required.filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    const notes = explain as Record<string, string | undefined>;
    const listed = missing.map((m) => `\`${m}\`${notes[m] === undefined ? '' : ` (${notes[m]})`}`);
    throw new Error(
      `${owner}: missing required option${missing.length === 1 ? '' : 's'} ${listed.join(', ')}`,
    );
  }
}

/**
 * The candidate closest to `name`, or `undefined` when none is close. Case, `_` and `-` are
 * ignored (so the PyTorch spelling `dim_head` finds `dimHead`); a small edit distance (with
 * transpositions) for the name's length counts as close; failing that, a name that only one
 * candidate contains is taken as shortened (`buckets` for `numBuckets`).
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const normal = normalize(name);
  const allowed = normal.length <= 4 ? 1 : normal.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    const distance = editDistance(normal, normalize(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;
  const containing = candidates.filter((c) => normal.length >= 4 && normalize(c).includes(normal));
  return containing.length === 1 ? containing[0] : undefined;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

/** Levenshtein distance where swapping two neighbours also costs 1 (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `a ${typeof value} (${typeof value === 'string' ? JSON.stringify(value) : String(value)})`;
}
