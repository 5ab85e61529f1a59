/**
 * The trained checkpoint: safetensors bytes in, the network and its class names out. The file
 * describes itself: `npm run demo` (and `npm run checkpoint -w @tensorgrad/web`, which runs the
 * same code) saves the model's constructor options and class names in its metadata.
 */
import { LearnableMemoryViT, type learnableMemoryVit } from '@tensorgrad/models';
import { readSafetensors } from '@tensorgrad/nn';

/** The checkpoint shipped with the page, in `public/` (and copied next to the static page). */
export const CHECKPOINT_FILE = 'shapes-vit.safetensors';

/** A network rebuilt from a checkpoint, in eval mode, with what the file says about it. */
export interface Checkpoint {
  readonly model: LearnableMemoryViT;
  readonly options: learnableMemoryVit.ViTOptions;
  /** Class names, index = label. */
  readonly classes: readonly string[];
  /** Held-out accuracy measured when the checkpoint was trained, when the file records it. */
  readonly heldOutAccuracy: number | undefined;
  readonly parameterCount: number;
  readonly byteLength: number;
}

const REGENERATE = 'regenerate it with `npm run checkpoint -w @tensorgrad/web`';

/** The metadata entry `key`, parsed as JSON, or a clear error naming what is wrong. */
function jsonEntry(metadata: Record<string, string>, key: string): unknown {
  const text = metadata[key];
  if (text === undefined) {
    throw new Error(`checkpoint: metadata "${key}" is missing; ${REGENERATE}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`checkpoint: metadata "${key}" is not JSON (${text.slice(0, 40)}…)`);
  }
}

/**
 * Rebuild the demo's ViT from the bytes of a checkpoint written by `runImageDemo` (model
 * `vit`): options and class names from the metadata, weights through `loadStateDict`, which
 * checks every key, shape and dtype. The parameters live on the current backend.
 */
export function modelFromCheckpoint(bytes: Uint8Array): Checkpoint {
  const { tensors, metadata } = readSafetensors(bytes);
  try {
    if (metadata['model'] !== 'vit') {
      throw new Error(
        `checkpoint: expected the demo's vit (metadata model "vit"), got ` +
          `${JSON.stringify(metadata['model'])}; ${REGENERATE}`,
      );
    }
    const options = jsonEntry(metadata, 'config') as learnableMemoryVit.ViTOptions;
    const classes = jsonEntry(metadata, 'classes');
    if (!Array.isArray(classes) || classes.length !== options.numClasses) {
      throw new Error(
        `checkpoint: metadata "classes" should list ${options.numClasses} class names, got ` +
          JSON.stringify(classes),
      );
    }
    const model = new LearnableMemoryViT(options);
    model.loadStateDict(tensors);
    const accuracy = Number(metadata['heldOutAccuracy']);
    return {
      model: model.eval(),
      options,
      classes: classes.map(String),
      heldOutAccuracy: Number.isFinite(accuracy) ? accuracy : undefined,
      parameterCount: model.parameters().reduce((n, p) => n + p.size, 0),
      byteLength: bytes.byteLength,
    };
  } finally {
    // loadStateDict copied what it loaded.
    for (const t of tensors.values()) t.dispose();
  }
}
