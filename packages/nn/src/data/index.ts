/** Datasets, batching and splitting (`torch.utils.data`). */
export { Dataset, TensorDataset, Subset, type DatasetLike } from './dataset.js';
export { defaultCollate, type Collated } from './collate.js';
export { DataLoader, type DataLoaderOptions } from './data-loader.js';
export { randomSplit, type RandomSplitOptions } from './random-split.js';
