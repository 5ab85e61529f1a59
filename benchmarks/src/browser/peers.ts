/**
 * The browser's stand-in for `../peers.ts`, swapped in when `../browser.ts` bundles the page:
 * there the peer is TensorFlow.js with its `webgl` backend, and the Node-only pieces of
 * `peers.ts` (the wasm backend's file paths, js-pytorch) are absent. `tiny-vit.ts` then runs
 * unchanged in the page. Only what `tiny-vit.ts` imports is offered.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };

/** The one tfjs backend compared in the browser. */
export type TfBackend = 'webgl';
export const TF_BACKENDS: readonly TfBackend[] = ['webgl'];

/** js-pytorch is not loaded in the page; no browser row uses it. */
export const torch = undefined as never;
export type TorchTensor = never;

let ready: Promise<void> | null = null;

/** Starts tfjs's webgl backend (in production mode: no debug checks). */
export function initPeers(): Promise<void> {
  ready ??= (async () => {
    tf.enableProdMode();
    if (!(await tf.setBackend('webgl')))
      throw new Error('benchmarks: tfjs backend webgl failed to start');
    await tf.ready();
  })();
  return ready;
}

/** Makes `name` the current tfjs backend. */
export async function useTf(name: TfBackend): Promise<void> {
  if (tf.getBackend() !== name) await tf.setBackend(name);
}

/** Peer column name of a tfjs backend. */
export function tfName(name: TfBackend): string {
  return `tfjs-${name}`;
}
