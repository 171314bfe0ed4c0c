import { describe, expect, it } from '@jest/globals';
import { digestAlgorithmFor } from './bridge-client.js';

describe('digestAlgorithmFor', () => {
  it.each([
    ['EC-P-384', 'SHA-384'],
    ['RSA-2048', 'SHA-256'],
    [undefined, 'SHA-256'],
  ] as const)('a %s Signature key signs a %s digest', (keyAlgorithm, expected) => {
    expect(digestAlgorithmFor(keyAlgorithm)).toBe(expected);
  });
});
