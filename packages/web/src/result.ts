/** The page's outcome, published on `window.__result` for the Playwright check. */
import type { BackendName } from '@tensorgrad/autograd';

/**
 * Everything scripts/e2e.mjs compares with Node, plus what the page shows. The static page
 * (static/index.html) publishes the same fields.
 */
export interface PageResult {
  /** Which page: the Vite build (`bundled`) or the one without a bundler (`static`). */
  readonly page: 'bundled' | 'static';
  readonly backend: BackendName;
  /** gpu.js's mode (`webgl2`, `webgl`) on the gpu backend; absent on the cpu. */
  readonly mode: string | undefined;
  /** Why the page runs on the cpu although the gpu was wanted; absent otherwise. */
  readonly fallback: string | undefined;
  /** The WebGL renderer string (e.g. SwiftShader), when the browser exposes it. */
  readonly renderer: string | undefined;
  /** How the images were drawn: `makeShapes(count, imageSize, seed)` from @tensorgrad/demo. */
  readonly samples: { readonly count: number; readonly seed: number; readonly imageSize: number };
  readonly classes: readonly string[];
  readonly labels: number[];
  readonly predictions: number[];
  readonly logits: number[][];
  readonly accuracy: number;
  /** The first forward pass (on the gpu, includes compiling the shaders), in milliseconds. */
  readonly firstMs: number;
  /** Median warm forward pass, in milliseconds. */
  readonly ms: number;
}

/** What the page publishes: the result, or the error that stopped it. */
export type PublishedResult = PageResult | { readonly error: string };

declare global {
  interface Window {
    __result?: PublishedResult;
  }
}

/** Make the outcome visible to the test; the test polls for this property. */
export function publish(result: PublishedResult): void {
  window.__result = result;
}
