/**
 * Row family 4: forward, and forward + backward, of the five tensorgrad models at their parity
 * configurations (the `tsConfig` of the first parity case of each model) and at one realistic
 * size each. No peer implements these networks, so these rows have absolute times only.
 */
import * as ag from '@tensorgrad/autograd';
import { ATSViT, CrossViT, LearnableMemoryViT, Memformer, ScalableViT } from '@tensorgrad/models';
import type { Module } from '@tensorgrad/nn';
import type { Contender, RowResult, SampleOptions } from './harness.js';
import { measure, seededValues } from './harness.js';

/** One model workload: builds the model and returns the loss of one forward pass. */
export interface ModelCase {
  name: string;
  /** `parity` (the parity fixture's configuration) or `realistic`. */
  size: 'parity' | 'realistic';
  config: string;
  build(): { model: Module; loss: () => ag.Tensor };
}

const image = (shape: number[], seed: number) =>
  ag.tensor(
    seededValues(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    { shape },
  );

/** sum(logits · fixed weight), as the parity fixtures' losses. */
const weightedSum = (logits: ag.Tensor, seed: number) =>
  logits.mul(ag.tensor(seededValues(logits.size, seed), { shape: [...logits.shape] })).sum();

function classifier(
  name: string,
  size: ModelCase['size'],
  make: () => Module & { forward(img: ag.Tensor): ag.Tensor },
  imgShape: number[],
  config: object,
): ModelCase {
  return {
    name,
    size,
    config: `${JSON.stringify(config)}, input [${imgShape.join(', ')}]`,
    build: () => {
      const model = make();
      const img = image(imgShape, 11);
      return { model, loss: () => weightedSum(model.forward(img), 12) };
    },
  };
}

function memformer(
  size: ModelCase['size'],
  options: ConstructorParameters<typeof Memformer>[0],
  batch: number,
  srcLen: number,
  tgtLen: number,
): ModelCase {
  return {
    name: 'Memformer',
    size,
    config: `${JSON.stringify(options)}, two segments of src [${batch}, ${srcLen}], tgt [${batch}, ${tgtLen}]`,
    build: () => {
      const model = new Memformer(options);
      const tokens = (len: number, seed: number) =>
        ag.tensor(
          Int32Array.from(
            seededValues(batch * len, seed),
            (v) => Math.floor((v + 1) * 0.5 * options.encNumTokens) % options.encNumTokens,
          ),
          { shape: [batch, len], dtype: 'int32' },
        );
      const seg = [0, 1].map((s) => ({ src: tokens(srcLen, 20 + s), tgt: tokens(tgtLen, 30 + s) }));
      return {
        model,
        // The parity call sequence: two segments, memory not detached between them.
        loss: () => {
          const first = model.forward(seg[0].src, { tgt: seg[0].tgt });
          const second = model.forward(seg[1].src, { tgt: seg[1].tgt, mems: first.mem });
          return first.decOut!.add(second.decOut!).add(weightedSum(second.mem, 13));
        },
      };
    },
  };
}

export function modelCases(): ModelCase[] {
  const vitParity = {
    dropout: 0,
    embDropout: 0,
    imageSize: 32,
    patchSize: 8,
    numClasses: 10,
    dim: 32,
    depth: 2,
    heads: 4,
    dimHead: 8,
    mlpDim: 64,
  };
  const vitBig = {
    imageSize: 64,
    patchSize: 8,
    numClasses: 10,
    dim: 128,
    depth: 6,
    heads: 8,
    dimHead: 16,
    mlpDim: 256,
  };
  const scalableParity = {
    numClasses: 10,
    dim: 16,
    heads: [2, 2],
    ssaDimKey: 8,
    ssaDimValue: 8,
    iwsaDimKey: 8,
    iwsaDimValue: 8,
    ffExpansionFactor: 2,
    channels: 3,
    dropout: 0,
    depth: [2, 1],
    reductionFactor: [2, 1],
    windowSize: [4, null],
  };
  const scalableBig = {
    numClasses: 10,
    dim: 32,
    heads: [2, 4],
    ssaDimKey: 16,
    ssaDimValue: 16,
    iwsaDimKey: 16,
    iwsaDimValue: 16,
    ffExpansionFactor: 4,
    channels: 3,
    dropout: 0,
    depth: [2, 2],
    reductionFactor: [4, 2],
    windowSize: [4, 4],
  };
  const atsParity = {
    dropout: 0,
    embDropout: 0,
    imageSize: 32,
    patchSize: 4,
    numClasses: 10,
    dim: 32,
    depth: 3,
    maxTokensPerDepth: [32, 16, 8],
    heads: 4,
    dimHead: 8,
    mlpDim: 64,
  };
  const atsBig = {
    imageSize: 64,
    patchSize: 8,
    numClasses: 10,
    dim: 128,
    depth: 6,
    maxTokensPerDepth: [64, 48, 32, 32, 16, 16],
    heads: 8,
    dimHead: 16,
    mlpDim: 256,
  };
  const crossParity = {
    imageSize: 32,
    numClasses: 10,
    smDim: 16,
    lgDim: 32,
    smPatchSize: 8,
    smEncDepth: 1,
    smEncHeads: 2,
    smEncMlpDim: 32,
    smEncDimHead: 8,
    lgPatchSize: 16,
    lgEncDepth: 2,
    lgEncHeads: 2,
    lgEncMlpDim: 64,
    lgEncDimHead: 8,
    crossAttnDepth: 1,
    crossAttnHeads: 2,
    crossAttnDimHead: 8,
    depth: 2,
    dropout: 0,
    embDropout: 0,
    channels: 3,
  };
  const crossBig = {
    imageSize: 64,
    numClasses: 10,
    smDim: 64,
    lgDim: 128,
    smPatchSize: 8,
    smEncDepth: 1,
    smEncHeads: 4,
    smEncMlpDim: 128,
    smEncDimHead: 16,
    lgPatchSize: 16,
    lgEncDepth: 3,
    lgEncHeads: 8,
    lgEncMlpDim: 256,
    lgEncDimHead: 16,
    crossAttnDepth: 2,
    crossAttnHeads: 4,
    crossAttnDimHead: 16,
    depth: 3,
  };
  const memParity = {
    dim: 32,
    numMemorySlots: 4,
    numMemUpdates: 1,
    encNumTokens: 50,
    encDepth: 2,
    encHeads: 4,
    encMaxSeqLen: 16,
    decNumTokens: 50,
    decDepth: 2,
    decHeads: 4,
    decMaxSeqLen: 16,
  };
  const memBig = {
    dim: 128,
    numMemorySlots: 16,
    numMemUpdates: 1,
    encNumTokens: 256,
    encDepth: 4,
    encHeads: 8,
    encMaxSeqLen: 64,
    decNumTokens: 256,
    decDepth: 4,
    decHeads: 8,
    decMaxSeqLen: 64,
  };
  /* eslint-disable @typescript-eslint/no-explicit-any -- configs are checked by the constructors */
  return [
    classifier(
      'ViT (learnable memory)',
      'parity',
      () => new LearnableMemoryViT(vitParity),
      [2, 3, 32, 32],
      vitParity,
    ),
    classifier(
      'ViT (learnable memory)',
      'realistic',
      () => new LearnableMemoryViT(vitBig),
      [8, 3, 64, 64],
      vitBig,
    ),
    classifier(
      'ScalableViT',
      'parity',
      () => new ScalableViT(scalableParity as any),
      [2, 3, 32, 32],
      scalableParity,
    ),
    classifier(
      'ScalableViT',
      'realistic',
      () => new ScalableViT(scalableBig as any),
      [8, 3, 64, 64],
      scalableBig,
    ),
    classifier('ATS ViT', 'parity', () => new ATSViT(atsParity), [2, 3, 32, 32], atsParity),
    classifier('ATS ViT', 'realistic', () => new ATSViT(atsBig), [8, 3, 64, 64], atsBig),
    classifier(
      'CrossViT',
      'parity',
      () => new CrossViT(crossParity as any),
      [2, 3, 32, 32],
      crossParity,
    ),
    classifier(
      'CrossViT',
      'realistic',
      () => new CrossViT(crossBig as any),
      [8, 3, 64, 64],
      crossBig,
    ),
    memformer('parity', memParity, 2, 12, 10),
    memformer('realistic', memBig, 4, 32, 32),
  ];
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

/** Forward (no grad) and forward + backward rows of each case. */
export async function modelRows(
  cases: readonly ModelCase[],
  options: SampleOptions,
): Promise<RowResult[]> {
  const rows: RowResult[] = [];
  for (const c of cases) {
    const { model, loss } = c.build();
    model.eval();
    const forward: Contender = {
      name: 'tensorgrad',
      run: () => ag.tidy(() => void ag.noGrad(() => loss().item())),
    };
    const backward: Contender = {
      name: 'tensorgrad',
      run: () =>
        ag.tidy(() => {
          model.zeroGrad();
          loss().backward();
        }),
    };
    for (const [mode, contender] of [
      ['forward', forward],
      ['forward + backward', backward],
    ] as const) {
      rows.push({
        family: 'models',
        name: `${c.name}, ${c.size} size, ${mode}`,
        timings: await measure([contender], options),
        notes: [c.config],
      });
    }
  }
  return rows;
}
