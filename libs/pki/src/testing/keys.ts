// Key pairs for the test PKI. RSA-2048 generation takes ~100 ms, so RSA keys come from a small
// per-process pool refilled in the background; every key is handed out once, so no two certificates
// share a key. EC keys take about a millisecond and are generated on demand.
import { type KeyObject, createPrivateKey, generateKeyPair as generateKeyPairCallback } from 'node:crypto';

export type TestKeyAlgorithm = 'RSA-2048' | 'EC-P256' | 'EC-P384';

export interface TestKeyPair {
  keyAlgorithm: TestKeyAlgorithm;
  privateKey: KeyObject;
  privateKeyPkcs8: Uint8Array;
  publicKeySpki: Uint8Array;
}

function generate(keyAlgorithm: TestKeyAlgorithm): Promise<{ publicKey: Buffer; privateKey: Buffer }> {
  const encoding = {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  } as const;
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, publicKey: Buffer, privateKey: Buffer) =>
      error ? reject(error) : resolve({ publicKey, privateKey });
    if (keyAlgorithm === 'RSA-2048')
      generateKeyPairCallback('rsa', { modulusLength: 2048, ...encoding }, done);
    else
      generateKeyPairCallback(
        'ec',
        { namedCurve: keyAlgorithm === 'EC-P256' ? 'P-256' : 'P-384', ...encoding },
        done,
      );
  });
}
const RSA_POOL_SIZE = 2;
const rsaPool: Promise<TestKeyPair>[] = [];

async function generateNow(keyAlgorithm: TestKeyAlgorithm): Promise<TestKeyPair> {
  const { publicKey, privateKey } = await generate(keyAlgorithm);
  return {
    keyAlgorithm,
    privateKey: createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' }),
    privateKeyPkcs8: new Uint8Array(privateKey),
    publicKeySpki: new Uint8Array(publicKey),
  };
}

/** A fresh key pair, never handed out before in this process. */
export async function newKeyPair(keyAlgorithm: TestKeyAlgorithm): Promise<TestKeyPair> {
  if (keyAlgorithm !== 'RSA-2048') return generateNow(keyAlgorithm);
  const pooled = rsaPool.shift() ?? generateNow('RSA-2048');
  while (rsaPool.length < RSA_POOL_SIZE) {
    const next = generateNow('RSA-2048');
    next.catch(() => undefined); // surfaced when taken
    rsaPool.push(next);
  }
  return pooled;
}
