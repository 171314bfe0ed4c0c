import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { createTestPki } from './testing/pki.js';
import { readEtk } from './read-certificate-file.js';
import type { ReadResult } from './read-certificate-file.js';
import { readResultInThisRealm } from './read-result-in-realm.js';

/** Every Date of `value` replaced by one of another realm, as a worker thread's message would bring it. */
function fromAnotherRealm<T>(value: T): T {
  const foreignDate = (date: Date) => runInNewContext(`new Date(${date.getTime()})`) as Date;
  const walk = (v: unknown): unknown => {
    if (v instanceof Date) return foreignDate(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Uint8Array))
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    return v;
  };
  return walk(value) as T;
}

describe('readResultInThisRealm', () => {
  it("rebuilds every date of an ETK's reading in this realm, the encryption, authentication, signer and chain's", async () => {
    const pki = await createTestPki();
    const authentication = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: '0206653946',
      holderName: 'AMBULANCES DU TEST',
    });
    const etk = await readEtk((await pki.issueEtk(authentication)).bytes);
    const received: ReadResult = fromAnotherRealm({
      format: 'etk',
      certificates: [etk.encryption, etk.authentication],
      keystore: null,
      etk,
    });
    expect(received.etk!.authentication.notAfter instanceof Date).toBe(false);

    const local = readResultInThisRealm(received);
    const dates = [
      ...local.certificates,
      local.etk!.encryption,
      local.etk!.authentication,
      ...(local.etk!.signer ? [local.etk!.signer] : []),
      ...local.etk!.chain,
    ].flatMap((certificate) => [certificate.notBefore, certificate.notAfter]);
    expect(dates.length).toBeGreaterThanOrEqual(8);
    for (const date of dates) expect(date instanceof Date).toBe(true);
    expect(local.etk!.authentication.notAfter.getTime()).toBe(etk.authentication.notAfter.getTime());
  });
});
