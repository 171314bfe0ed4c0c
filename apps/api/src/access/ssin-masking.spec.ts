import { describe, expect, it } from '@jest/globals';
import { SsinMasker } from './ssin-masking.js';

const viewer = new SsinMasker({ centralAdmin: false, ssin: null });
const holder = new SsinMasker({ centralAdmin: false, ssin: '85073003328' });
const central = new SsinMasker({ centralAdmin: true, ssin: null });

const certificate = {
  subject:
    'CN=SSIN=85073003328, OU=eHealth-platform Belgium, OU=ELISE JANSSENS, OU="SSIN=85073003328", O=Federal Government, C=BE',
  ehealth: { identifierType: 'SSIN', identifierValue: '85073003328', holderName: 'ELISE JANSSENS' },
  keystore: { fileName: 'SSIN=85073003328 20240101-101010.p12' },
  serialNumber: '85073003328',
};

describe('SsinMasker', () => {
  it('masks an SSIN certificate for anyone else: its identifier, its subject DN, its keystore file name', () => {
    const masked = viewer.mask(certificate);
    expect(masked.ehealth.identifierValue).toBe('850730-***-**');
    expect(masked.subject).toBe(
      'CN=SSIN=850730-***-**, OU=eHealth-platform Belgium, OU=ELISE JANSSENS, OU="SSIN=850730-***-**", O=Federal Government, C=BE',
    );
    expect(masked.keystore.fileName).toBe('SSIN=850730-***-** 20240101-101010.p12');
    expect(JSON.stringify({ ...masked, serialNumber: '' })).not.toContain('85073003328');
  });

  it('leaves other identifiers and numbers alone (a certificate serial, a NIHII11)', () => {
    const other = {
      subject: 'CN=NIHII11=12345678901',
      ehealth: { identifierType: 'NIHII11', identifierValue: '12345678901' },
      serialNumber: '85073003328',
    };
    expect(viewer.mask(other)).toEqual(other);
    expect(viewer.mask(certificate).serialNumber).toBe('85073003328');
  });

  it('masks the eID subject serialNumber and fields named ssin, but not an already masked value', () => {
    expect(
      viewer.mask({
        signer: 'SERIALNUMBER=85073003328, GIVENNAME=Elise, CN=Elise Janssens (Signature), C=BE',
      }).signer,
    ).toBe('SERIALNUMBER=850730-***-**, GIVENNAME=Elise, CN=Elise Janssens (Signature), C=BE');
    expect(viewer.mask({ ssin: '85073003328' })).toEqual({ ssin: '850730-***-**' });
    expect(viewer.mask({ ssin: '850730-***-**' })).toEqual({ ssin: '850730-***-**' });
  });

  it('shows the person their own SSIN, and central administrators every SSIN', () => {
    expect(holder.mask(certificate)).toEqual(certificate);
    expect(central.mask(certificate)).toBe(certificate);
  });

  it('walks nested arrays and objects (audit events, import results)', () => {
    const audit = [{ after: { certificates: [{ subject: 'CN=SSIN=85073003328' }] } }];
    expect(viewer.mask(audit)).toEqual([{ after: { certificates: [{ subject: 'CN=SSIN=850730-***-**' }] } }]);
  });
});
