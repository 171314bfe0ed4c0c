import { describe, expect, it } from '@jest/globals';
import * as asn1js from 'asn1js';
import { decodeDer } from './der.js';
import { encodeName, readName } from './names.js';

const atv = (oid: string, value: asn1js.BaseBlock) =>
  new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: oid }), value] });

describe('names', () => {
  it('round-trips a DistinguishedName, most specific first, one attribute per RDN', () => {
    const dn = [
      { type: 'CN', value: 'EHP=1990001916, VITALINKGATEWAY' },
      { type: 'OU', value: 'eHealth-platform Belgium' },
      { type: 'SERIALNUMBER', value: '001' },
      { type: 'C', value: 'BE' },
    ];
    const encoded = encodeName(dn);
    expect(encoded.valueBlock.value).toHaveLength(4);
    expect(readName(decodeDer(new Uint8Array(encoded.toBER())), 'name')).toEqual(dn);
  });

  it('accepts the aliases people write (SN, GN) and writes the canonical names', () => {
    const encoded = encodeName([
      { type: 'GN', value: 'Jean' },
      { type: 'SN', value: 'Test' },
    ]);
    expect(readName(decodeDer(new Uint8Array(encoded.toBER())), 'name')).toEqual([
      { type: 'GIVENNAME', value: 'Jean' },
      { type: 'SURNAME', value: 'Test' },
    ]);
  });

  it('reads every attribute of a multi-valued RDN, BMPString values, and unknown types as OIDs', () => {
    const name = new asn1js.Sequence({
      value: [
        new asn1js.Set({ value: [atv('2.5.4.6', new asn1js.PrintableString({ value: 'BE' }))] }),
        new asn1js.Set({
          value: [
            atv('2.5.4.3', new asn1js.BmpString({ value: 'Zoë' })),
            atv('1.3.6.1.4.1.99999.1', new asn1js.Utf8String({ value: 'x' })),
          ],
        }),
      ],
    });
    expect(readName(decodeDer(new Uint8Array(name.toBER())), 'name')).toEqual([
      { type: 'CN', value: 'Zoë' },
      { type: '1.3.6.1.4.1.99999.1', value: 'x', joinedToPrevious: true },
      { type: 'C', value: 'BE' },
    ]);
  });

  it('encodes attributes joined to the previous one into its RDN, and reads them back so', () => {
    const dn = [
      { type: 'CN', value: 'An Peeters' },
      { type: 'SERIALNUMBER', value: '85010100115', joinedToPrevious: true },
      { type: 'C', value: 'BE' },
    ];
    const encoded = encodeName(dn);
    expect(encoded.valueBlock.value).toHaveLength(2);
    expect(readName(decodeDer(new Uint8Array(encoded.toBER())), 'name')).toEqual(dn);
  });

  it('refuses a type it cannot encode', () => {
    expect(() => encodeName([{ type: 'NOPE', value: 'x' }])).toThrow(/NOPE/);
  });
});
