import { test } from 'vitest';
import { fromRaw, Tensor } from '@tensorgrad/autograd';
import { ScalableViT, type ScalableViTOptions } from '../src/scalable-vit.js';
import { readManifest } from '../src/parity/manifest.js';
import { readFixtureTensors } from '../src/parity/fixture.js';
import { PARITY_DIR } from './fixture-dir.js';

test('debug', () => {
  const c = readManifest(PARITY_DIR).cases.find((x) => x.name === 'scalable_vit_rect')!;
  const t = readFixtureTensors(PARITY_DIR, c);
  const m = new ScalableViT(c.tsConfig as unknown as ScalableViTOptions).eval();
  const sd: Record<string, any> = {};
  for (const [k, v] of t) if (k.startsWith('param.')) sd[k.slice(6)] = v;
  m.loadStateDict(sd);
  const img = fromRaw(t.get('input.img')!, true);
  const logits = m.forward(img);
  const before = logits.value.clone();
  const ref = fromRaw(t.get('output.logits')!);
  console.log('before-ref', fromRaw(before).sub(ref).abs().max().item());
  const loss = logits.mul(fromRaw(t.get('loss_weight.logits')!)).sum();
  console.log('loss', loss.item(), c.lossValue);
  loss.backward();
  console.log('after-ref', logits.sub(ref).abs().max().item());
  console.log('after', logits.toArray()[0], ref.toArray()[0]);
  const g = m.namedParameters().find(([k]) => k === 'layers.0.0.layers.0.2.proj.weight')![1].grad!;
  const gr = fromRaw(t.get('grad.param.layers.0.0.layers.0.2.proj.weight')!);
  console.log('peg grad diff', g.sub(gr).abs().max().item(), g.reshape(-1).slice(0,0,6).toArray(), gr.reshape(-1).slice(0,0,6).toArray());
});
