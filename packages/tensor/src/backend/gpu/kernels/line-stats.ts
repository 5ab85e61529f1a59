/**
 * Where the row kernels (softmax, standardize) keep two statistics per line (the max and the
 * sum, the mean and the scale) between their two passes.
 *
 * On textures one thread per line computes both and writes them into one texel of four: the
 * statistics are a packed grid [W, H] (`W · H ≥ lines`, H ≥ 2 since gpu.js lays a one-row
 * output out as a square), line `l` at texel (l mod W, ⌊l / W⌋), which the map kernel reads
 * with one `texelAt` (`gpu-runtime.ts`), without gpu.js's index conversion.
 *
 * In webasm (no textures, no texels of four) they are a flat array: statistic `k` of line `l`
 * at `k · lines + l`, written by two threads, the one writing the second statistic finding
 * the first again.
 */
import type { Grid, KernelArg, KernelSignature } from '../gpu-runtime.js';
import type { KernelContext } from './kernel-context.js';

/** How the statistics of `lines` lines are laid out. */
export interface StatsLayout {
  /** Whether they are a packed grid on a texture. */
  readonly textures: boolean;
  /** What the statistics kernel runs over. */
  readonly output: number | Grid;
  /** The scalars of {@link STATS_SCALARS}. */
  readonly args: readonly KernelArg[];
}

/** Scalar parameters both kernels take for the layout. */
export const STATS_SCALARS = ['lines', 'W'];

/** The layout for `lines` lines here. */
export function statsLayout(ctx: KernelContext, lines: number): StatsLayout {
  if (!ctx.runtime.usesTextures)
    return { textures: false, output: 2 * lines, args: [lines, lines] };
  const width = Math.min(lines, ctx.runtime.maxTextureSize);
  const height = Math.max(2, Math.ceil(lines / width));
  return { textures: true, output: [width, height], args: [lines, width] };
}

/**
 * Statements opening the statistics kernel: they set `line`, the line this thread is about
 * (threads past the last line repeat it), and, in the flat layout, `which` (0 or 1: the
 * statistic this thread writes).
 */
export function statsThread(textures: boolean): string[] {
  if (textures) {
    return [
      'const cx = this.thread.x * 1.0;',
      'const cy = this.thread.y * 1.0;',
      'const line = Math.min(lines - 1.0, cy * W + cx);',
    ];
  }
  return [
    'const s = this.thread.x * 1.0;',
    'const which = Math.floor((s + 0.5) / W);',
    'const line = s - which * W;',
  ];
}

/**
 * Statements closing the statistics kernel: `second` computes the second statistic into
 * `to` (declared here) from the first, `first`; then both are returned, or the one this
 * thread writes. In the flat layout only the threads writing the second statistic run it.
 */
export function statsResult(
  textures: boolean,
  first: string,
  to: string,
  second: readonly string[],
): string[] {
  if (textures) {
    return [`let ${to} = 0.0;`, ...second, `return [${first}, ${to}, 0.0, 0.0];`];
  }
  return [
    `let ${to} = 0.0;`,
    `let r = ${first};`,
    'if (which > 0.5) {',
    ...second.map((line) => `  ${line}`),
    `  r = ${to};`,
    '}',
    'return r;',
  ];
}

/** What a statistics or map kernel's signature adds for the layout. */
export function statsSignatureFlags(
  textures: boolean,
  reads: boolean,
): Pick<KernelSignature, 'packed' | 'texelAt' | 'returnsFour'> {
  if (!textures) return {};
  return reads ? { packed: ['stats'], texelAt: true } : { returnsFour: true };
}

/**
 * Statements of the map kernel that read the statistics of `line` from the array `stats`
 * into `first` and `second`.
 */
export function readStats(textures: boolean, first: string, second: string): string[] {
  if (!textures) {
    return [`const ${first} = stats[line];`, `const ${second} = stats[lines + line];`];
  }
  return [
    'const statsRow = Math.floor((line + 0.5) / W);',
    'const both = texelAt(stats, line - statsRow * W, statsRow);',
    `const ${first} = both[0];`,
    `const ${second} = both[1];`,
  ];
}
