// Nothing a reader returns or throws may carry a private key or a password.
import { createPrivateKey } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { readCertificateFile } from '../src/index.js';
import { buildEhealthKeystore, createTestPki } from '../src/testing/index.js';
import { PASSWORD, errorOf } from './helpers.js';

/** Every rendering of a returned object a log line or an API response could contain. */
function renderings(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? [Buffer.from(v).toString('hex'), Buffer.from(v).toString('base64')] : v,
  );
  return `${json}\n${inspect(value, { depth: null, showHidden: true, maxArrayLength: null })}`;
}

describe('no secret leaves the reader', () => {
  it.each(['legacy', 'modern'] as const)(
    '%s keystore: no private key or password in the result or errors',
    async (encryption) => {
      const pki = await createTestPki();
      const authentication = await pki.issueEhealthCertificate({
        identifierType: 'SSIN',
        identifierValue: '85073003328',
        holderName: 'Bert Test',
      });
      const etk = await pki.issueEtkCertificate(authentication, { keyAlgorithm: 'EC-P256' });
      const bytes = await buildEhealthKeystore({
        password: PASSWORD,
        encryption,
        authentication,
        etk: [etk],
      });

      const result = await readCertificateFile(bytes, { password: PASSWORD });
      const wrong = await errorOf(readCertificateFile(bytes, { password: `${PASSWORD}x` }));
      const text = renderings(result) + renderings({ ...wrong, message: wrong.message, stack: wrong.stack });

      const secrets: string[] = [PASSWORD, `${PASSWORD}x`];
      for (const certificate of [authentication, etk]) {
        const pkcs8 = Buffer.from(certificate.privateKeyPkcs8);
        secrets.push(pkcs8.toString('hex'), pkcs8.toString('base64'));
        const jwk = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
        const d = Buffer.from(jwk.d!, 'base64url');
        secrets.push(d.toString('hex'), d.toString('base64'), jwk.d!);
        if (jwk.p) secrets.push(Buffer.from(jwk.p, 'base64url').toString('hex'));
      }
      expect(result.certificates).toHaveLength(4);
      for (const secret of secrets) expect(text).not.toContain(secret);
    },
  );
});
