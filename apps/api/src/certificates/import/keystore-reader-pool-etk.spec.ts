import { afterAll, describe, expect, it } from '@jest/globals';
import { createTestPki } from '@certdesk/pki/testing';
import { KeystoreReaderPool } from './keystore-reader-pool.js';

describe('KeystoreReaderPool reading an ETK', () => {
  const pool = new KeystoreReaderPool({ threads: 2 });
  afterAll(() => pool.close());

  it('gives back Dates of this realm inside the ETK too, as for its certificates', async () => {
    const pki = await createTestPki();
    const authentication = await pki.issueEhealthCertificate({
      identifierType: 'CBE',
      identifierValue: '0820563481',
      holderName: 'TEST',
    });
    const read = await pool.read(
      (await pki.issueEtk(authentication, { includeChain: true })).bytes,
      undefined,
    );
    const etk = read.etk!;
    for (const certificate of [etk.encryption, etk.authentication, etk.signer!, ...etk.chain]) {
      expect(certificate.notBefore).toBeInstanceOf(Date);
      expect(certificate.notAfter).toBeInstanceOf(Date);
    }
    expect(etk.chain.length).toBeGreaterThan(0);
  });
});
