/**
 * Row family 3: a tiny ViT training step (and forward-only inference), the same computation in
 * every framework, from the same initial weights and data:
 *
 *   x [8, 65, 48] (token 0 is a zero CLS slot) → Linear 48→64 + learned position embedding
 *   → 2 pre-LayerNorm blocks (4 heads × 16, softmax attention with separate q/k/v/out
 *     projections, MLP 64→128→64 with exact GELU) → LayerNorm → CLS token → Linear 64→10
 *   → cross-entropy (mean) → backward → SGD (lr 0.05, no momentum).
 *
 * Separate q/k/v projections (rather than one fused qkv) because js-pytorch cannot slice.
 * js-pytorch also lacks erf, so its GELU is the tanh form (|difference| < 1e-3), and has no
 * SGD, so its update is written over its nested arrays.
 */
import * as ag from '@tensorgrad/autograd';
import { SGD, crossEntropy } from '@tensorgrad/nn';
import type { Contender, RowResult, SampleOptions } from './harness.js';
import { measure, nest } from './harness.js';
import {
  tinyVitData,
  tinyVitModel,
  TINY_VIT,
  type TinyVitConfig,
  type TinyVitData,
} from './tiny-vit-model.js';
import {
  initPeers,
  tf,
  tfName,
  torch,
  TF_BACKENDS,
  useTf,
  type TfBackend,
  type TorchTensor,
} from './peers.js';

export { TINY_VIT, tinyVitData, type TinyVitConfig, type TinyVitData } from './tiny-vit-model.js';

/** LayerNorm's epsilon (PyTorch's default), written out for the peers. */
const EPS = 1e-5;

/** What one implementation offers. */
export interface TinyVitImpl {
  /** One training step; returns the loss (before the update). */
  step(): number;
  /** Forward only, no gradients; returns the logits. */
  infer(): ArrayLike<number>;
  /** Current values of a parameter (PyTorch layout), for the agreement test. */
  param(key: string): Float32Array;
  dispose(): void;
}

// ---------------------------------------------------------------- tensorgrad

export function tensorgradTinyVit(data: TinyVitData): TinyVitImpl {
  const { config } = data;
  const model = tinyVitModel(data);
  const x = ag.tensor(data.x, { shape: [config.batch, config.tokens, config.inFeatures] });
  const labels = ag.tensor(data.labels, { shape: [config.batch], dtype: 'int32' });
  const optimizer = new SGD(model.parameters(), { lr: config.lr });
  const byKey = new Map(model.namedParameters());
  return {
    step: () =>
      ag.tidy(() => {
        optimizer.zeroGrad();
        const loss = crossEntropy(model.forward(x), labels);
        loss.backward();
        optimizer.step();
        return loss.item() as number;
      }),
    infer: () => ag.tidy(() => ag.noGrad(() => model.forward(x).data() as Float32Array)),
    param: (key) => byKey.get(key)!.data() as Float32Array,
    dispose: () => {
      x.dispose();
      labels.dispose();
    },
  };
}

// ---------------------------------------------------------------- tfjs

/** tfjs, idiomatic: Dense kernels [in, out], variables, `tf.train.sgd(...).minimize`. */
export function tfTinyVit(data: TinyVitData, backend: TfBackend): TinyVitImpl {
  const { config } = data;
  const { batch: B, tokens: T, dim: D, heads: H } = config;
  const dHead = D / H;
  const vars = new Map<string, tf.Variable>();
  for (const p of data.params) {
    const isKernel = p.shape.length === 2 && p.key.endsWith('.weight');
    const value = isKernel
      ? tf.tidy(() => tf.tensor2d(p.values, p.shape as [number, number]).transpose())
      : tf.tensor(p.values, p.shape);
    vars.set(p.key, tf.variable(value, true, `${backend}/${p.key}`));
    value.dispose();
  }
  const v = (key: string) => vars.get(key)!;
  const x = tf.tensor3d(data.x, [B, T, config.inFeatures]);
  const oneHot = tf.oneHot(tf.tensor1d(data.labels, 'int32'), config.classes);
  const dense = (input: tf.Tensor, key: string) => {
    const shape = input.shape;
    const flat = input.reshape([-1, shape[shape.length - 1]]);
    const out = tf.add(tf.matMul(flat, v(`${key}.weight`)), v(`${key}.bias`));
    return out.reshape([...shape.slice(0, -1), out.shape[1] as number]);
  };
  const layerNorm = (input: tf.Tensor, key: string) => {
    const { mean, variance } = tf.moments(input, -1, true);
    return tf.add(
      tf.mul(tf.mul(tf.sub(input, mean), tf.rsqrt(tf.add(variance, EPS))), v(`${key}.weight`)),
      v(`${key}.bias`),
    );
  };
  const geluExact = (input: tf.Tensor) =>
    tf.mul(tf.mul(input, 0.5), tf.add(1, tf.erf(tf.mul(input, Math.SQRT1_2))));
  const forward = () => {
    let h: tf.Tensor = tf.add(dense(x, 'embed'), v('pos_embedding'));
    for (let l = 0; l < config.depth; l++) {
      const p = `blocks.${l}`;
      const n1 = layerNorm(h, `${p}.norm1`);
      const split = (t: tf.Tensor) => t.reshape([B, T, H, dHead]).transpose([0, 2, 1, 3]);
      const q = split(dense(n1, `${p}.to_q`));
      const k = split(dense(n1, `${p}.to_k`));
      const vv = split(dense(n1, `${p}.to_v`));
      const attn = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dHead)), -1);
      const mixed = tf.matMul(attn, vv).transpose([0, 2, 1, 3]).reshape([B, T, D]);
      h = tf.add(h, dense(mixed, `${p}.to_out`));
      h = tf.add(h, dense(geluExact(dense(layerNorm(h, `${p}.norm2`), `${p}.fc1`)), `${p}.fc2`));
    }
    const cls = layerNorm(h, 'norm').slice([0, 0, 0], [B, 1, D]).reshape([B, D]);
    return dense(cls, 'head');
  };
  const lossFn = () =>
    tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(forward(), -1)), -1))) as tf.Scalar;
  const optimizer = tf.train.sgd(config.lr);
  const varList = [...vars.values()];
  return {
    step: () => {
      const loss = optimizer.minimize(lossFn, true, varList)!;
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    },
    infer: () => {
      const logits = tf.tidy(forward);
      const values = logits.dataSync();
      logits.dispose();
      return values;
    },
    param: (key) => {
      const t = v(key);
      const isKernel = t.shape.length === 2 && key.endsWith('.weight');
      return Float32Array.from(isKernel ? tf.tidy(() => t.transpose()).dataSync() : t.dataSync());
    },
    dispose: () => {
      for (const t of varList) t.dispose();
      x.dispose();
      oneHot.dispose();
      optimizer.dispose();
    },
  };
}

// ---------------------------------------------------------------- js-pytorch

/** Nested-array SGD step: p ← p − lr·g (js-pytorch has only Adam). */
function sgdNested(p: unknown[], g: unknown[], lr: number): void {
  for (let i = 0; i < p.length; i++) {
    if (Array.isArray(p[i])) sgdNested(p[i] as unknown[], g[i] as unknown[], lr);
    else p[i] = (p[i] as number) - lr * (g[i] as number);
  }
}

export function torchTinyVit(data: TinyVitData): TinyVitImpl {
  const { config } = data;
  const { batch: B, tokens: T, dim: D, heads: H } = config;
  const dHead = D / H;
  const params = new Map<string, TorchTensor>();
  for (const p of data.params) {
    const isKernel = p.shape.length === 2 && p.key.endsWith('.weight');
    const [rows, cols] = p.shape;
    const values = isKernel
      ? Float32Array.from(
          { length: rows * cols },
          (_, i) => p.values[(i % rows) * cols + Math.floor(i / rows)],
        )
      : p.values;
    const shape = isKernel ? [cols, rows] : p.shape;
    params.set(p.key, new torch.Tensor(nest(values, shape) as number[], true));
  }
  const w = (key: string) => params.get(key)!;
  const x = new torch.Tensor(nest(data.x, [B, T, config.inFeatures]) as number[]);
  const labels = new torch.Tensor(Array.from(data.labels));
  const clsRows = Array.from({ length: B }, (_, b) => b * T);
  const ce = new torch.nn.CrossEntropyLoss();
  const dense = (input: TorchTensor, key: string) =>
    input.matmul(w(`${key}.weight`)).add(w(`${key}.bias`));
  const layerNorm = (input: TorchTensor, key: string) => {
    const centered = input.sub(input.mean(-1, true));
    const variance = centered.mul(centered).mean(-1, true);
    return centered
      .div(variance.add(EPS).sqrt())
      .mul(w(`${key}.weight`))
      .add(w(`${key}.bias`));
  };
  // tanh-form GELU: no erf (or tanh) in js-pytorch; tanh(u) = (e^{2u} − 1) / (e^{2u} + 1).
  const geluTanh = (input: TorchTensor) => {
    const u = input.add(input.mul(input).mul(input).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    const e = u.mul(2).exp();
    return input.mul(0.5).mul(e.sub(1).div(e.add(1)).add(1));
  };
  const forward = () => {
    let h = dense(x, 'embed').add(w('pos_embedding'));
    for (let l = 0; l < config.depth; l++) {
      const p = `blocks.${l}`;
      const n1 = layerNorm(h, `${p}.norm1`);
      const split = (t: TorchTensor) => t.reshape([B, T, H, dHead]).transpose(1, 2);
      const q = split(dense(n1, `${p}.to_q`));
      const k = split(dense(n1, `${p}.to_k`));
      const v = split(dense(n1, `${p}.to_v`));
      const scores = q
        .matmul(k.transpose(-2, -1))
        .mul(1 / Math.sqrt(dHead))
        .exp();
      const attn = scores.div(scores.sum(-1, true));
      const mixed = attn.matmul(v).transpose(1, 2).reshape([B, T, D]);
      h = h.add(dense(mixed, `${p}.to_out`));
      h = h.add(dense(geluTanh(dense(layerNorm(h, `${p}.norm2`), `${p}.fc1`)), `${p}.fc2`));
    }
    const cls = layerNorm(h, 'norm')
      .reshape([B * T, D])
      .at(clsRows);
    return dense(cls, 'head');
  };
  return {
    step: () => {
      const loss = ce.forward(forward(), labels);
      loss.backward();
      for (const p of params.values()) {
        sgdNested(p._data, p._grad._data, config.lr);
        p.zero_grad();
      }
      return (loss.data as unknown as number[])[0] ?? (loss.data as unknown as number);
    },
    infer: () => forward().data.flat() as number[],
    param: (key) => {
      const t = w(key);
      const flat = Float32Array.from(t.data.flat(Infinity) as number[]);
      if (!(t.shape.length === 2 && key.endsWith('.weight'))) return flat;
      // stored [in, out]; back to PyTorch's [out, in]
      const [fanIn, fanOut] = t.shape as [number, number];
      return Float32Array.from(
        { length: fanIn * fanOut },
        (_, k) => flat[(k % fanIn) * fanOut + Math.floor(k / fanIn)],
      );
    },
    dispose: () => {},
  };
}

// ---------------------------------------------------------------- rows

/** The implementation of one column (making its tfjs backend current). */
export async function tinyVitImpl(name: string, data: TinyVitData): Promise<TinyVitImpl> {
  await initPeers();
  if (name === 'tensorgrad') return tensorgradTinyVit(data);
  if (name === 'js-pytorch') return torchTinyVit(data);
  const backend = TF_BACKENDS.find((b) => tfName(b) === name);
  if (!backend)
    throw new Error(
      `benchmarks: unknown framework ${name}; expected tensorgrad, js-pytorch or ${TF_BACKENDS.map(tfName).join(', ')}`,
    );
  await useTf(backend);
  return tfTinyVit(data, backend);
}

/** All implementations, keyed by column name (tfjs backends set current while building theirs). */
export async function tinyVitImpls(
  data: TinyVitData,
  withTorch = true,
): Promise<Map<string, { impl: TinyVitImpl; before?: () => Promise<void> }>> {
  await initPeers();
  const impls = new Map<string, { impl: TinyVitImpl; before?: () => Promise<void> }>();
  impls.set('tensorgrad', { impl: tensorgradTinyVit(data) });
  for (const backend of TF_BACKENDS) {
    await useTf(backend);
    impls.set(tfName(backend), { impl: tfTinyVit(data, backend), before: () => useTf(backend) });
  }
  if (withTorch) impls.set('js-pytorch', { impl: torchTinyVit(data) });
  return impls;
}

export async function tinyVitRows(
  options: SampleOptions,
  torchOptions: SampleOptions | null,
  config: TinyVitConfig = TINY_VIT,
): Promise<RowResult[]> {
  const data = tinyVitData(config);
  const rows: RowResult[] = [];
  const notes = [
    'js-pytorch: tanh-form GELU (no erf), hand-written SGD (only Adam), no max-subtraction in softmax',
  ];
  for (const mode of ['training step', 'inference'] as const) {
    const impls = await tinyVitImpls(data, torchOptions !== null);
    const contenders = (names: string[]): Contender[] =>
      names.map((name) => {
        const { impl, before } = impls.get(name)!;
        return {
          name,
          before,
          run: mode === 'training step' ? () => void impl.step() : () => void impl.infer(),
        };
      });
    const fast = await measure(contenders(['tensorgrad', 'tfjs-cpu', 'tfjs-wasm']), options);
    // js-pytorch takes seconds per sample: timed on its own, with fewer samples.
    const slow =
      torchOptions === null ? [] : await measure(contenders(['js-pytorch']), torchOptions);
    for (const { impl } of impls.values()) impl.dispose();
    rows.push({
      family: 'tiny-vit',
      name: `tiny ViT ${mode} (batch ${config.batch} × ${config.tokens} tokens, dim ${config.dim}, depth ${config.depth})`,
      timings: [...fast, ...slow],
      notes,
    });
  }
  return rows;
}
