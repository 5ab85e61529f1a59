/**
 * `@tensorgrad/models/parity`: the parity runner, which checks the networks against reference
 * outputs and gradients produced by the PyTorch originals (`npm run parity -- <fixture-dir>`).
 * Node only (it reads fixture files); the networks themselves are in `@tensorgrad/models`.
 */
export { registerDriver, getDriver, registeredModels } from './driver.js';
export type { Driver, DriverOutputs, CaseData } from './driver.js';
export { DRIVERS, registerAllDrivers } from './drivers/index.js';
export { readManifest } from './manifest.js';
export type { ParityCase, ParityManifest, LossTerm, JsonConfig } from './manifest.js';
export { compareTensors } from './compare.js';
export type { TensorComparison, Tolerance } from './compare.js';
export { runCase, runParity, gpuTolerance } from './runner.js';
export type {
  CaseResult,
  ComparisonGroup,
  GroupSummary,
  ParityBackend,
  ParityOptions,
  ParityReport,
} from './runner.js';
export { formatCase, formatReport } from './format.js';
export { parityCommand, parseParityArguments, PARITY_USAGE } from './command.js';
export type { ParityArguments } from './command.js';
