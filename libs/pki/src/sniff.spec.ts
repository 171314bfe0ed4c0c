import { describe, expect, it } from '@jest/globals';
import { sniffFormat } from './sniff.js';

describe('sniffFormat', () => {
  it.each([
    ['a JKS keystore', Buffer.from('feedfeed0000000200000001', 'hex'), 'jks'],
    ['a JCEKS keystore', Buffer.from('cececece0000000200000001', 'hex'), 'jks'],
    ['a PKCS#12 file', Buffer.from('30820a1102010330820a', 'hex'), 'pkcs12'],
    ['a BER (indefinite-length) PKCS#12 file', Buffer.from('3080020103308006', 'hex'), 'pkcs12'],
    ['a DER certificate', Buffer.from('308203563082023ea003020102', 'hex'), 'der'],
    ['a BER CMS SignedData (an ETK)', Buffer.from('308006092a864886f70d010702a080', 'hex'), 'cms'],
    ['a DER CMS SignedData', Buffer.from('30820bd206092a864886f70d010702', 'hex'), 'cms'],
    [
      'PEM with text before it',
      Buffer.from('Certificate:\n  Data: ...\n-----BEGIN CERTIFICATE-----\nMIIB\n'),
      'pem',
    ],
    ['a text file', Buffer.from('hello, this is not a certificate\n'), 'unknown'],
    ['an empty file', Buffer.alloc(0), 'unknown'],
    ['one byte', Buffer.of(0x30), 'unknown'],
  ])('%s -> %s', (_name, bytes, expected) => {
    expect(sniffFormat(bytes)).toBe(expected);
  });
});
