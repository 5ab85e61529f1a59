/**
 * A PyTorch-style training loop of the tiny ViT — no `tidy`, no `dispose` — and what stays
 * alive as it runs: the memory counts (`memory()`) before and after the unreachable tensors are
 * collected (`settleMemory()`), the process's resident memory and, on the gpu, the GL textures
 * gpu.js holds. Used by `test/memory-without-tidy.test.ts` (a short run that asserts) and by
 * `npm run memory-without-tidy -w benchmarks` (the long run that prints the table).
 */
import * as ag from '@tensorgrad/autograd';
import { SGD, crossEntropy } from '@tensorgrad/nn';
import { getBackend, setBackend } from '@tensorgrad/tensor';
import { tinyVitData, tinyVitModel } from './tiny-vit-model.js';

/** What is alive after one step. */
export interface MemoryRow {
  step: number;
  /** `memory()` right after the step, before collecting: what a loop that never awaits sees. */
  rawTensors: number;
  rawBuffers: number;
  /** `settleMemory()`: what is still reachable. */
  tensors: number;
  buffers: number;
  bytes: number;
  /** Resident set size of the process after settling, MB. */
  rssMB: number;
  /** GL textures created minus deleted (gpu only): what the driver really holds. */
  glTextures: number | null;
  /** The same right after the step, before collecting. */
  rawGlTextures: number | null;
  loss: number;
}

/** Options of {@link trainWithoutTidy}. */
export interface LoopOptions {
  backend: 'cpu' | 'gpu';
  /** Steps after which a row is recorded (the last one is the length of the run). */
  checkpoints: readonly number[];
  /**
   * Return to the event loop after every step (an `await` of a timer), as a browser loop
   * driven by animation frames does; without it the loop runs synchronously between checkpoints.
   */
  yieldEachStep: boolean;
}

/** Trains the tiny ViT for `max(checkpoints)` steps the way a PyTorch user writes it. */
export async function trainWithoutTidy(options: LoopOptions): Promise<MemoryRow[]> {
  setBackend(options.backend);
  const data = tinyVitData();
  const { batch, tokens, inFeatures, lr } = data.config;
  const model = tinyVitModel(data);
  const x = ag.tensor(data.x, { shape: [batch, tokens, inFeatures] });
  const labels = ag.tensor(data.labels, { shape: [batch], dtype: 'int32' });
  const optimizer = new SGD(model.parameters(), { lr });
  const last = Math.max(...options.checkpoints);
  const rows: MemoryRow[] = [];
  for (let step = 0; step <= last; step++) {
    optimizer.zeroGrad();
    const loss = crossEntropy(model.forward(x), labels);
    loss.backward();
    optimizer.step();
    const value = loss.item();
    if (options.checkpoints.includes(step)) {
      const raw = ag.memory();
      const rawGlTextures = glTextures();
      const settled = await ag.settleMemory();
      rows.push({
        step,
        rawTensors: raw.tensors,
        rawBuffers: raw.buffers,
        tensors: settled.tensors,
        buffers: settled.buffers,
        bytes: settled.bytes,
        rssMB: +(process.memoryUsage().rss / 2 ** 20).toFixed(1),
        glTextures: glTextures(),
        rawGlTextures,
        loss: value,
      });
    } else if (options.yieldEachStep) {
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return rows;
}

function glTextures(): number | null {
  const backend = getBackend() as { glTextureBalance?: number | null };
  return backend.glTextureBalance ?? null;
}

/** The rows as a markdown table. */
export function memoryTable(rows: readonly MemoryRow[]): string {
  const lines = [
    '| step | tensors (raw → settled) | buffers (raw → settled) | MB held | RSS MB | GL textures (raw → settled) | loss |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.step} | ${r.rawTensors} → ${r.tensors} | ${r.rawBuffers} → ${r.buffers} | ` +
        `${(r.bytes / 2 ** 20).toFixed(2)} | ${r.rssMB} | ${r.glTextures === null ? '-' : `${r.rawGlTextures} → ${r.glTextures}`} | ${r.loss.toFixed(4)} |`,
    );
  }
  return lines.join('\n');
}
