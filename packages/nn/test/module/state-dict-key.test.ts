import { describe, expect, it } from 'vitest';
import { stateDictKey } from '@tensorgrad/nn';

describe('stateDictKey', () => {
  it.each([
    ['toQkv', 'to_qkv'],
    ['memoriesPerLayer', 'memories_per_layer'],
    ['mlpHead', 'mlp_head'],
    ['norm1', 'norm1'],
    ['weightIh', 'weight_ih'],
    ['already_snake', 'already_snake'],
    ['0', '0'],
    ['X', 'x'],
  ])('maps %s to %s', (member, key) => {
    expect(stateDictKey(member)).toBe(key);
  });
});
