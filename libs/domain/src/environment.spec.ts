import { describe, expect, it } from '@jest/globals';
import { parseDistinguishedName } from './ehealth/distinguished-name.js';
import {
  DEFAULT_ISSUER_ENVIRONMENTS,
  environmentFromIssuer,
  type Environment,
  type IssuerEnvironmentRule,
} from './environment.js';

const issuer = (text: string) => parseDistinguishedName(text);

describe('environmentFromIssuer', () => {
  it.each<[string, string, Environment]>([
    [
      'the production issuer',
      'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001, SERIALNUMBER=001, O=ZETES SA, C=BE',
      'production',
    ],
    ['the acceptance issuer', 'CN=TEST-ZetesConfidens-eHealth acceptance test-issuing CA 001', 'acceptance'],
    [
      'the acceptance issuer with more attributes',
      'CN=TEST-ZetesConfidens-eHealth acceptance test-issuing CA 001, O=ZETES SA, C=BE',
      'acceptance',
    ],
    [
      'other case and spacing',
      'CN=zetesconfidens private trust PKI  -  eHealth issuing CA 001',
      'production',
    ],
    [
      'attributes in the other order',
      'C=BE, O=ZETES SA, SERIALNUMBER=001, CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001',
      'production',
    ],
    [
      'a later CA not configured yet',
      'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 002, O=ZETES SA, C=BE',
      'unknown',
    ],
    [
      'a name that only contains a known one',
      'CN=Old ZetesConfidens Private Trust PKI - eHealth issuing CA 001',
      'unknown',
    ],
    ['an older issuer', 'CN=eHealth CA, O=Federal Government, C=BE', 'unknown'],
    [
      'the right words outside the CN',
      'O=ZetesConfidens Private Trust PKI - eHealth issuing CA 001',
      'unknown',
    ],
    ['an eID citizen CA', 'CN=Citizen CA, SERIALNUMBER=202301, C=BE', 'unknown'],
    ['no issuer', '', 'unknown'],
  ])('%s', (_label, text, environment) => {
    expect(environmentFromIssuer(issuer(text))).toBe(environment);
  });

  it('takes its table from configuration when given one, and then only that table', () => {
    const rules: IssuerEnvironmentRule[] = [
      ...DEFAULT_ISSUER_ENVIRONMENTS,
      { issuerCommonName: 'eHealth CA', environment: 'production' },
      { issuerCommonName: 'TEST eHealth CA', environment: 'acceptance' },
    ];
    expect(environmentFromIssuer(issuer('CN=eHealth CA, O=Federal Government, C=BE'), rules)).toBe(
      'production',
    );
    expect(environmentFromIssuer(issuer('CN=TEST eHealth CA'), rules)).toBe('acceptance');
    expect(
      environmentFromIssuer(issuer('CN=TEST-ZetesConfidens-eHealth acceptance test-issuing CA 001'), []),
    ).toBe('unknown');
  });

  it('says unknown rather than guess when the table contradicts itself', () => {
    const rules: IssuerEnvironmentRule[] = [
      { issuerCommonName: 'Shared CA', environment: 'production' },
      { issuerCommonName: 'shared ca', environment: 'acceptance' },
    ];
    expect(environmentFromIssuer(issuer('CN=Shared CA'), rules)).toBe('unknown');
  });

  it("is seeded with exactly today's two Zetes issuers", () => {
    expect(DEFAULT_ISSUER_ENVIRONMENTS).toEqual([
      {
        issuerCommonName: 'ZetesConfidens Private Trust PKI - eHealth issuing CA 001',
        environment: 'production',
      },
      {
        issuerCommonName: 'TEST-ZetesConfidens-eHealth acceptance test-issuing CA 001',
        environment: 'acceptance',
      },
    ]);
  });
});
