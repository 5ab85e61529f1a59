/** safetensors reading and writing. */
export { SafetensorsError } from './errors.js';
export {
  readSafetensors,
  writeSafetensors,
  type NamedTensors,
  type SafetensorsContents,
  type SafetensorsSource,
} from './safetensors.js';
export { loadSafetensorsFile, saveSafetensorsFile } from './safetensors-file.js';
export type { SafetensorsDType } from './dtypes.js';
export {
  checkpointFromBytes,
  checkpointToBytes,
  loadCheckpoint,
  saveCheckpoint,
  type CheckpointContents,
  type CheckpointOptimizer,
  type CheckpointTargets,
  type LoadedCheckpoint,
} from './checkpoint.js';
