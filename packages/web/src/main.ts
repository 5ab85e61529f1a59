/**
 * The browser page: fetch the trained checkpoint, rebuild the demo's ViT from it and classify
 * images it has never seen, on the gpu backend (gpu.js on WebGL2) or, when WebGL is missing or
 * `?backend=cpu` asks for it, on the cpu. The outcome is shown on the page and published on
 * `window.__result` for scripts/e2e.mjs.
 */
import { provideGpuJs } from '@tensorgrad/autograd';
import * as gpujs from 'gpu.js';
import { chooseBackend } from './backend-choice.js';
import { CHECKPOINT_FILE, modelFromCheckpoint } from './checkpoint.js';
import { accuracy, classify } from './inference.js';
import { byId, showDetails, showLogits, showPredictions, showStatus } from './render.js';
import { publish, type PageResult } from './result.js';
import { SAMPLES, drawSamples } from './samples.js';
import { webglRenderer } from './webgl-info.js';

async function run(): Promise<PageResult> {
  // gpu.js is an optional peer dependency of @tensorgrad/tensor: the page brings its own (the
  // bundler resolves gpu.js's browser build) and hands it over.
  provideGpuJs(gpujs);
  const response = await fetch(CHECKPOINT_FILE);
  if (!response.ok) throw new Error(`fetch ${CHECKPOINT_FILE}: HTTP ${response.status}`);
  const checkpoint = modelFromCheckpoint(new Uint8Array(await response.arrayBuffer()));
  const { classes, options } = checkpoint;
  const imageSize = Number(options.imageSize);
  const batch = drawSamples(imageSize);

  const choice = chooseBackend(new URLSearchParams(location.search).get('backend'));
  const result = classify(choice.backend, checkpoint, batch);
  const labels = Array.from(batch.labels);
  const right = accuracy(result.predictions, labels);
  const rightCount = Math.round(right * labels.length);
  const renderer = choice.backend === 'gpu' ? webglRenderer() : undefined;

  showPredictions(byId('images'), batch, classes, result);
  showLogits(byId('logits'), batch, classes, result);
  const ms = (t: number) => `${t.toFixed(1)} ms`;
  showDetails(byId('details'), [
    [
      'checkpoint',
      `${CHECKPOINT_FILE}, ${(checkpoint.byteLength / 1024).toFixed(0)} KiB, ` +
        `${checkpoint.parameterCount.toLocaleString('en')} parameters`,
    ],
    [
      'model',
      `LearnableMemoryViT: ${imageSize}×${imageSize} images, patch ${String(options.patchSize)}, ` +
        `dim ${options.dim}, depth ${options.depth}, ${options.heads} heads`,
    ],
    [
      'held-out accuracy when trained',
      checkpoint.heldOutAccuracy === undefined
        ? 'not recorded'
        : `${(100 * checkpoint.heldOutAccuracy).toFixed(1)}%`,
    ],
    ['images', `makeShapes(${SAMPLES.count}, ${imageSize}, ${SAMPLES.seed}) from @tensorgrad/demo`],
    [
      'backend',
      choice.backend === 'gpu'
        ? `gpu: gpu.js ${choice.mode} on ${renderer ?? 'an unknown renderer'}`
        : `cpu${choice.fallback === undefined ? ' (?backend=cpu)' : `: ${choice.fallback}`}`,
    ],
    [
      'forward pass',
      `${ms(result.ms)} warm (median of 5), ${ms(result.firstMs)} the first time` +
        (choice.backend === 'gpu' ? ' (compiles the shaders)' : ''),
    ],
  ]);
  const summary =
    `${rightCount} of ${labels.length} right on the ${choice.backend}` +
    `${choice.mode === undefined ? '' : ` (gpu.js ${choice.mode})`}, ` +
    `${ms(result.ms)} per forward pass of ${labels.length} images.`;
  if (choice.fallback === undefined) showStatus(summary, 'ok');
  else showStatus(`${summary} Fell back to the cpu: ${choice.fallback}.`, 'notice');
  return {
    page: 'bundled',
    backend: choice.backend,
    mode: choice.mode,
    fallback: choice.fallback,
    renderer,
    samples: { count: SAMPLES.count, seed: SAMPLES.seed, imageSize },
    classes,
    labels,
    predictions: result.predictions,
    logits: result.logits,
    accuracy: right,
    firstMs: result.firstMs,
    ms: result.ms,
  };
}

run().then(publish, (err: unknown) => {
  const message = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
  showStatus(`Failed: ${message}`, 'failed');
  publish({ error: message });
});
