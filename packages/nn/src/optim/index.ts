/** Optimisers, gradient clipping and learning-rate schedulers (`torch.optim`). */
export {
  Optimizer,
  type OptimizerOptions,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupSpec,
  type ParamState,
  type ParamsArgument,
  type Update,
} from './optimizer.js';
export { SGD, type SGDOptions } from './sgd.js';
export { Adam, ADAM_DEFAULTS, type AdamOptions } from './adam.js';
export { AdamW } from './adamw.js';
export { clipGradNorm, type ClipGradNormOptions } from './clip-grad-norm.js';
export {
  LRScheduler,
  type LRSchedulerStateDict,
  type Scheduler,
  type SchedulerStateDict,
  type ScheduledOptimizer,
} from './lr-scheduler.js';
export { StepLR } from './step-lr.js';
export { LinearLR, type LinearLROptions } from './linear-lr.js';
export { CosineAnnealingLR } from './cosine-annealing-lr.js';
export { SequentialLR, ChainedScheduler } from './sequential-lr.js';
