/** Writing the demo's inputs and results into the page. Plain DOM: nothing here computes. */
import { CHANNELS, SHAPES } from './images.js';
import type { DemoResult } from './result.js';

/** The element with `id`, which index.html is known to contain. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`index.html has no element #${id}`);
  return element as T;
}

/** Draw each `[3, size, size]` image of `pixels` on its own canvas, captioned with its class. */
export function showImages(container: HTMLElement, pixels: Float32Array, size: number): void {
  const plane = size * size;
  const count = pixels.length / (CHANNELS * plane);
  for (let i = 0; i < count; i++) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('showImages: no 2d canvas context');
    const image = context.createImageData(size, size);
    const base = i * CHANNELS * plane;
    // Channel-first floats in [0, 1] to the canvas's interleaved RGBA bytes.
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < CHANNELS; c++) {
        image.data[p * 4 + c] = Math.round(pixels[base + c * plane + p]! * 255);
      }
      image.data[p * 4 + 3] = 255;
    }
    context.putImageData(image, 0, 0);
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = `${i}: ${SHAPES[i]?.name ?? '?'}`;
    figure.append(canvas, caption);
    container.append(figure);
  }
}

function fillTable(table: HTMLTableElement, header: string[], rows: (string | number)[][]): void {
  const head = table.createTHead().insertRow();
  for (const text of header) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  const body = table.createTBody();
  for (const cells of rows) {
    const tr = body.insertRow();
    for (const cell of cells) tr.insertCell().textContent = String(cell);
  }
}

const ms = (t: number): string => `${t.toFixed(1)} ms`;
const logitsText = (row: readonly number[]): string => row.map((v) => v.toFixed(4)).join('  ');
const className = (label: number): string => `${label} ${SHAPES[label]?.name ?? '?'}`;

/** Backend, mode and timings. */
export function showBackends(table: HTMLTableElement, r: DemoResult): void {
  fillTable(
    table,
    ['backend', 'mode / device', 'first forward', 'warm forward (median)'],
    [
      ['cpu', 'typed arrays', ms(r.cpuFirstMs), ms(r.cpuMs)],
      [
        'gpu',
        `gpu.js ${r.gpuMode ?? '?'} on ${r.renderer ?? 'unknown renderer'}`,
        `${ms(r.gpuFirstMs)} (compiles shaders)`,
        ms(r.gpuMs),
      ],
    ],
  );
}

/** Both backends' logits and predicted classes, image by image. */
export function showLogits(table: HTMLTableElement, r: DemoResult): void {
  fillTable(
    table,
    ['image', 'cpu logits', 'gpu logits', 'cpu → class', 'gpu → class'],
    r.labels.map((label, i) => [
      className(label),
      logitsText(r.cpuLogits[i]!),
      logitsText(r.gpuLogits[i]!),
      className(r.cpuPredictions[i]!),
      className(r.gpuPredictions[i]!),
    ]),
  );
  const caption = table.createCaption();
  caption.textContent =
    `max |gpu − cpu| = ${r.maxAbsDiff.toExponential(2)}. ` +
    'The weights are random (seeded), so the predicted classes are arbitrary; what matters is ' +
    'that both backends agree.';
}

/** Loss per SGD step on the gpu. */
export function showTraining(table: HTMLTableElement, r: DemoResult): void {
  const { losses, msPerStep } = r.training;
  fillTable(
    table,
    ['step', 'cross-entropy'],
    losses.map((loss, step) => [step === 0 ? '0 (initial)' : String(step), loss.toFixed(4)]),
  );
  table.createCaption().textContent = `${ms(msPerStep)} per step (forward, backward, SGD update)`;
}

/** The one-line summary at the top; `ok = false` marks a failure. */
export function showStatus(text: string, ok: boolean): void {
  const status = byId('status');
  status.textContent = text;
  status.classList.add(ok ? 'ok' : 'failed');
}
