/** The page's outcome, published on `window.__result` for the Playwright check. */

/** Everything the e2e script asserts on, plus what the page shows. */
export interface DemoResult {
  /** gpu.js's mode on the gpu backend: `webgl2` or `webgl` when WebGL really ran. */
  readonly gpuMode: string | undefined;
  /** The WebGL renderer string (e.g. SwiftShader), when the browser exposes it. */
  readonly renderer: string | undefined;
  readonly cpuLogits: number[][];
  readonly gpuLogits: number[][];
  /** max |gpu − cpu| over every logit. */
  readonly maxAbsDiff: number;
  /** Median warm forward time on each backend, in milliseconds. */
  readonly cpuMs: number;
  readonly gpuMs: number;
  /** The first forward pass on each backend (on the gpu, includes compiling the shaders). */
  readonly cpuFirstMs: number;
  readonly gpuFirstMs: number;
  readonly labels: number[];
  readonly cpuPredictions: number[];
  readonly gpuPredictions: number[];
  /** Cross-entropy before and after each SGD step on the gpu, and the time per step. */
  readonly training: { readonly losses: number[]; readonly msPerStep: number };
}

/** What the page publishes: the result, or the error that stopped it. */
export type PublishedResult = DemoResult | { readonly error: string };

declare global {
  interface Window {
    __result?: PublishedResult;
  }
}

/** Make the outcome visible to the test; the test polls for this property. */
export function publish(result: PublishedResult): void {
  window.__result = result;
}
