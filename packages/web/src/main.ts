/**
 * The browser demo: classify procedurally drawn images with one seeded ViT on the cpu backend and
 * on the gpu backend (gpu.js on WebGL2), compare the logits, then train a few steps on the gpu.
 * The outcome is shown on the page and published on `window.__result` for scripts/e2e.mjs.
 */
import { provideGpuJs } from '@tensorgrad/autograd';
import * as gpujs from 'gpu.js';
import { CHANNELS, IMAGE_SIZE, drawDataset } from './images.js';
import { argmaxRows, maxAbsDiff, runOn } from './inference.js';
import { createModel } from './model.js';
import { byId, showBackends, showImages, showLogits, showStatus, showTraining } from './render.js';
import { publish, type DemoResult } from './result.js';
import { trainSteps } from './training.js';
import { webglRenderer } from './webgl-info.js';

function run(): DemoResult {
  // gpu.js is an optional peer dependency of @tensorgrad/tensor: the page brings its own (the
  // bundler resolves gpu.js's browser build) and hands it over.
  provideGpuJs(gpujs);
  const { pixels, labels } = drawDataset();
  const shape = [labels.length, CHANNELS, IMAGE_SIZE, IMAGE_SIZE];
  const model = createModel(0);

  const cpu = runOn('cpu', model, pixels, shape);
  const gpu = runOn('gpu', model, pixels, shape);
  // The model is on the gpu now and the gpu backend is current: train there.
  const training = trainSteps(model, pixels, shape, labels);

  return {
    gpuMode: gpu.mode,
    renderer: webglRenderer(),
    cpuLogits: cpu.logits,
    gpuLogits: gpu.logits,
    maxAbsDiff: maxAbsDiff(gpu.logits, cpu.logits),
    cpuMs: cpu.ms,
    gpuMs: gpu.ms,
    cpuFirstMs: cpu.firstMs,
    gpuFirstMs: gpu.firstMs,
    labels,
    cpuPredictions: argmaxRows(cpu.logits),
    gpuPredictions: argmaxRows(gpu.logits),
    training,
  };
}

function main(): void {
  showImages(byId('images'), drawDataset().pixels, IMAGE_SIZE);
  try {
    const result = run();
    showBackends(byId('backends'), result);
    showLogits(byId('logits'), result);
    showTraining(byId('training'), result);
    showStatus(
      `Done: gpu.js ran in ${result.gpuMode} mode; max |gpu − cpu| = ` +
        `${result.maxAbsDiff.toExponential(2)}; warm forward ${result.cpuMs.toFixed(1)} ms on the ` +
        `cpu, ${result.gpuMs.toFixed(1)} ms on the gpu.`,
      true,
    );
    publish(result);
  } catch (err) {
    const message = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
    showStatus(`Failed: ${message}`, false);
    publish({ error: message });
  }
}

// Let the browser paint the inputs and the "Running…" line before the synchronous work starts.
requestAnimationFrame(() => setTimeout(main, 0));
