/**
 * The peers: TensorFlow.js 4.22 with its `cpu` (plain JS) and `wasm` (XNNPACK, SIMD, one
 * thread here) backends, and js-pytorch 0.7.2 (nested JS arrays).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { torch } from 'js-pytorch';
import { quietly } from './harness.js';

export { tf, torch };

/** The tfjs backends compared. */
export type TfBackend = 'cpu' | 'wasm';
export const TF_BACKENDS: readonly TfBackend[] = ['cpu', 'wasm'];

let ready: Promise<void> | null = null;

/**
 * Registers and initialises both tfjs backends. In Node the wasm backend reads its `.wasm`
 * binaries from the package's `dist/` directory (a plain path prefix; emscripten then uses
 * `fs`), so nothing is fetched.
 */
export function initPeers(): Promise<void> {
  ready ??= quietly(async () => {
    const require = createRequire(import.meta.url);
    const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
    setWasmPaths(path.dirname(wasmFile) + path.sep);
    // Production mode: tfjs skips its debug checks (and its "install tfjs-node" greeting).
    tf.enableProdMode();
    for (const name of TF_BACKENDS) {
      if (!(await tf.setBackend(name)))
        throw new Error(`benchmarks: tfjs backend ${name} failed to start`);
      await tf.ready();
    }
  });
  return ready;
}

/** Makes `name` the current tfjs backend (untimed; tensors belong to the backend that made them). */
export async function useTf(name: TfBackend): Promise<void> {
  if (tf.getBackend() !== name) await tf.setBackend(name);
}

/** Peer column name of a tfjs backend. */
export function tfName(name: TfBackend): string {
  return `tfjs-${name}`;
}

/** One-line description of the tfjs wasm backend's features here. */
export function wasmFeatures(): string {
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return `SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}`;
}

/** The type of a js-pytorch tensor. */
export type TorchTensor = InstanceType<typeof torch.Tensor>;
