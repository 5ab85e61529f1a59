/**
 * tensorgrad as one ES module, for pages without a bundler: `vite.static.config.ts` bundles
 * this file with @tensorgrad/tensor, autograd, nn and models into `dist/static/tensorgrad.js`,
 * which a page imports with `<script type="module">`. gpu.js is not inside: the page loads its
 * browser build with a `<script>` tag, and the gpu backend finds its global `GPU`.
 */
export * from '@tensorgrad/autograd';
export * from '@tensorgrad/nn';
export * from '@tensorgrad/models';
// Names that two packages export are picked here (a name two `export *` give is otherwise left
// out). Each package exports its `version`; they are released together, so one stands for all.
export { version } from '@tensorgrad/models';
// nn's `oneHot` is autograd's with PyTorch's checks (int32 input, `numClasses = -1`), as `F.oneHot`.
export { oneHot } from '@tensorgrad/nn';
