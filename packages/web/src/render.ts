/** Writing the page's inputs and results into the document. Plain DOM: nothing here computes. */
import type { ImageBatch } from '@tensorgrad/demo/shapes';
import type { Classification } from './inference.js';

/** The element with `id`, which index.html is known to contain. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`index.html has no element #${id}`);
  return element as T;
}

/** Image `i` of `batch` on a canvas of its own size (the css scales it up without smoothing). */
function imageCanvas(batch: ImageBatch, i: number): HTMLCanvasElement {
  const { size } = batch;
  const plane = size * size;
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('imageCanvas: no 2d canvas context');
  const image = context.createImageData(size, size);
  const base = i * 3 * plane;
  // Channel-first values in about [-1, 1] (makeShapes' range) to interleaved RGBA bytes.
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) {
      const v = batch.images[base + c * plane + p]! / 2 + 0.5;
      image.data[p * 4 + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
    image.data[p * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
  return canvas;
}

/** A `<span>` with a class and text. */
function span(className: string, text: string): HTMLSpanElement {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  return element;
}

/**
 * One card per image: the picture, the predicted class with its probability, and the true
 * class; a wrong prediction is marked.
 */
export function showPredictions(
  container: HTMLElement,
  batch: ImageBatch,
  classes: readonly string[],
  result: Classification,
): void {
  container.replaceChildren();
  for (let i = 0; i < batch.n; i++) {
    const predicted = result.predictions[i]!;
    const truth = batch.labels[i]!;
    const right = predicted === truth;
    const figure = document.createElement('figure');
    figure.className = right ? 'right' : 'wrong';
    const caption = document.createElement('figcaption');
    const probability = (100 * result.probabilities[i]![predicted]!).toFixed(1);
    caption.append(
      span('predicted', `${right ? '✓' : '✗'} ${classes[predicted] ?? predicted}`),
      span('probability', `${probability}%`),
      span('truth', `true: ${classes[truth] ?? truth}`),
    );
    figure.append(imageCanvas(batch, i), caption);
    container.append(figure);
  }
}

/** Fill `table` with body rows, under a header row unless `header` is `null`. */
function fillTable(table: HTMLTableElement, header: string[] | null, rows: string[][]): void {
  table.replaceChildren();
  if (header !== null) {
    const head = table.createTHead().insertRow();
    for (const text of header) {
      const th = document.createElement('th');
      th.textContent = text;
      head.append(th);
    }
  }
  const body = table.createTBody();
  for (const cells of rows) {
    const tr = body.insertRow();
    for (const cell of cells) tr.insertCell().textContent = cell;
  }
}

/** Two-column facts: checkpoint, backend, timings. */
export function showDetails(table: HTMLTableElement, rows: [string, string][]): void {
  fillTable(table, null, rows);
}

/** Every logit, image by image, with the true and the predicted class. */
export function showLogits(
  table: HTMLTableElement,
  batch: ImageBatch,
  classes: readonly string[],
  result: Classification,
): void {
  fillTable(
    table,
    ['image', 'true', 'predicted', ...classes],
    result.logits.map((row, i) => [
      String(i),
      classes[batch.labels[i]!] ?? '?',
      classes[result.predictions[i]!] ?? '?',
      ...row.map((v) => v.toFixed(3)),
    ]),
  );
}

/** The one-line summary at the top: `ok`, a `notice` (ran, with a caveat) or `failed`. */
export function showStatus(text: string, kind: 'ok' | 'notice' | 'failed'): void {
  const status = byId('status');
  status.textContent = text;
  status.className = `status ${kind}`;
}
