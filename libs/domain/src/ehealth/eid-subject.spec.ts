import { describe, expect, it } from '@jest/globals';
import { parseDistinguishedName } from './distinguished-name.js';
import { eidSubjectSsin } from './eid-subject.js';

// Two holders with valid SSINs: A (born 1985-01-01) and M (born 1990-02-03).
const A = '85010100115';
const M = '90020300167';

const reason = (dn: string) => {
  const result = eidSubjectSsin(parseDistinguishedName(dn));
  return result.ok ? `ok ${result.value.normalized}` : result.reason;
};

describe('eidSubjectSsin', () => {
  it("reads the holder's SSIN from the card's subject", () => {
    expect(reason(`SERIALNUMBER=${A},GIVENNAME=An,SURNAME=Peeters,CN=An Peeters (Authentication),C=BE`)).toBe(
      `ok ${A}`,
    );
    expect(reason(`CN=An Peeters (Signature),C=BE,SERIALNUMBER=${A}`)).toBe(`ok ${A}`);
  });

  it('refuses a subject without serialNumber', () => {
    expect(reason('GIVENNAME=An,SURNAME=Peeters,CN=An Peeters (Authentication),C=BE')).toBe('EID_NO_SSIN');
  });

  it.each([
    ['two SSINs, the holder first', `SERIALNUMBER=${A},SERIALNUMBER=${M},CN=A,C=BE`],
    ['two SSINs, the holder last', `SERIALNUMBER=${M},CN=A,C=BE,SERIALNUMBER=${A}`],
    ['the same SSIN twice', `SERIALNUMBER=${A},SERIALNUMBER=${A},CN=A,C=BE`],
    [
      'a serialNumber written by its OID beside one written by name',
      `SERIALNUMBER=${A},2.5.4.5=${M},CN=A,C=BE`,
    ],
    ['a serialNumber joined to the CN in one RDN', `CN=A+SERIALNUMBER=${A},C=BE`],
    ['a CN joined to the serialNumber in one RDN', `SERIALNUMBER=${A}+CN=A,C=BE`],
  ])('refuses %s as ambiguous', (_, dn) => {
    expect(reason(dn)).toBe('EID_SSIN_AMBIGUOUS');
  });

  it.each([
    ['wrong check digits', '85010100116'],
    ['separators (the card writes digits only)', '85.01.01-001.15'],
    ['surrounding spaces', ` ${A}`],
    ['ten digits', '8501010011'],
    ['full-width digits', '８５０１０１００１１５'],
    ['a letter', '8501010011S'],
  ])('refuses a serialNumber with %s as invalid', (_, value) => {
    const result = eidSubjectSsin([
      { type: 'SERIALNUMBER', value },
      { type: 'CN', value: 'A' },
    ]);
    expect(result).toMatchObject({ ok: false, reason: 'EID_SSIN_INVALID' });
    // The message never repeats the number it refuses.
    expect((result as { message: string }).message).not.toContain(value.trim());
  });
});
