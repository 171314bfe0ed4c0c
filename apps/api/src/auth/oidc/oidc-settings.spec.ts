import { describe, expect, it } from '@jest/globals';
import { identityFromClaims } from './oidc-identity.js';
import { rolesForGroups } from './oidc-role-mapping.js';
import {
  oidcSettingsFromEnv,
  OidcSettingsError,
  parseOidcDomains,
  parseRoleMappings,
} from './oidc-settings.js';

const ORGANISATION_ID = '5f0c7a3e-2b8d-4c1e-9a6f-0d3b2e1c4a5b';

describe('OIDC_DOMAINS', () => {
  it('maps each domain to an organisation by CBE or id, or to the central administrators', () => {
    const domains = parseOidcDomains(
      `Ambu-Namur.be=0566.988.259, @chu.example=${ORGANISATION_ID},certdesk.example=central`,
    );
    expect(domains).toEqual(
      new Map([
        ['ambu-namur.be', { kind: 'organisation-cbe', cbe: '0566988259' }],
        ['chu.example', { kind: 'organisation', id: ORGANISATION_ID }],
        ['certdesk.example', { kind: 'central' }],
      ]),
    );
  });

  it.each([
    ['a domain twice', 'a.be=central,A.be=central', 'named twice'],
    ['no organisation', 'a.be=', 'domain=organisation'],
    ['a bad CBE', 'a.be=0566.988.258', 'CBE number'],
    ['no domain', '', 'names no domain'],
    ['a domain with a newline', 'a\n.be=central', 'not an e-mail domain'],
  ])('refuses %s', (_what, text, message) => {
    expect(parseOidcDomains(text)).toEqual(expect.stringContaining(message));
  });
});

describe('OIDC_ROLE_MAP', () => {
  it('maps groups to roles, everywhere or in one organisation', () => {
    expect(parseRoleMappings('admins=org-admin, namur=viewer@0566988259')).toEqual([
      { group: 'admins', role: 'org-admin', only: null },
      { group: 'namur', role: 'viewer', only: { kind: 'organisation-cbe', cbe: '0566988259' } },
    ]);
  });

  it('never maps to central-admin, nor to a role it does not know', () => {
    expect(parseRoleMappings('x=central-admin')).toEqual(expect.stringContaining('not a role'));
    expect(parseRoleMappings('x=viewer@central')).toEqual(expect.stringContaining('never creates a central'));
    expect(parseRoleMappings('x=owner')).toEqual(expect.stringContaining('not a role'));
  });

  it('gives each role once, only where its mapping applies', () => {
    const mappings = parseRoleMappings(`a=viewer,b=viewer,c=org-admin@${ORGANISATION_ID}`) as never;
    expect(rolesForGroups(mappings, ['a', 'b', 'c'], { id: ORGANISATION_ID, cbe: null })).toEqual([
      'org-admin',
      'viewer',
    ]);
    expect(rolesForGroups(mappings, ['c'], { id: 'another', cbe: null })).toEqual([]);
  });
});

describe('the OIDC settings together', () => {
  const base = {
    OIDC_ISSUER: 'https://login.example/tenant/v2.0',
    OIDC_CLIENT_ID: 'certdesk',
    OIDC_CLIENT_SECRET: 'secret',
    OIDC_DOMAINS: 'a.be=central',
  };

  it('derive the redirect URL from PUBLIC_URL, and name the provider by its host', () => {
    expect(oidcSettingsFromEnv(base, 'https://certdesk.example')).toMatchObject({
      redirectUrl: 'https://certdesk.example/api/v1/auth/oidc/callback',
      displayName: 'login.example',
      scopes: 'openid email profile',
      autoCreate: false,
    });
  });

  it.each([
    ['an http issuer elsewhere than loopback', { OIDC_ISSUER: 'http://login.example' }, 'OIDC_ISSUER'],
    ['no client secret', { OIDC_CLIENT_SECRET: undefined }, 'OIDC_CLIENT_SECRET'],
    ['auto-creation without a role map', { OIDC_AUTO_CREATE: 'on' }, 'OIDC_ROLE_MAP'],
    ['scopes without openid', { OIDC_SCOPES: 'email' }, 'OIDC_SCOPES'],
  ])('refuse %s, naming the variable', (_what, change, variable) => {
    const attempt = () => oidcSettingsFromEnv({ ...base, ...change }, 'https://certdesk.example');
    expect(attempt).toThrow(OidcSettingsError);
    try {
      attempt();
    } catch (error) {
      expect((error as OidcSettingsError).variable).toBe(variable);
    }
  });

  it('refuse OIDC_* settings without OIDC_ISSUER', () => {
    expect(() => oidcSettingsFromEnv({ OIDC_DOMAINS: 'a.be=central' }, 'https://x')).toThrow(/OIDC_ISSUER/);
    expect(oidcSettingsFromEnv({}, 'https://x')).toBeNull();
  });
});

describe('the identity in the claims', () => {
  it('is a verified, lower-cased address, a clean name and the groups', () => {
    expect(
      identityFromClaims(
        {
          email: 'Jan@Ambu-Namur.be',
          email_verified: 'true',
          given_name: 'Jan\u0007',
          family_name: 'Peeters',
          groups: ['a', 3],
        },
        'groups',
      ),
    ).toEqual({ email: 'jan@ambu-namur.be', domain: 'ambu-namur.be', name: 'Jan Peeters', groups: ['a'] });
  });

  it("takes Microsoft Entra ID's xms_edov (the tenant owns the address's domain) as verified", () => {
    expect(identityFromClaims({ email: 'jan@ambu-namur.be', xms_edov: true }, 'groups')).toMatchObject({
      email: 'jan@ambu-namur.be',
    });
  });

  it.each([
    [{ email: 'jan@a.be' }, 'SSO_EMAIL_UNVERIFIED'],
    [{ email: 'jan@a.be', xms_edov: false }, 'SSO_EMAIL_UNVERIFIED'],
    [{ email: 'jan@a.be', xms_edov: 1 }, 'SSO_EMAIL_UNVERIFIED'],
    [{ email: 'jan@a.be', email_verified: false, xms_edov: 'no' }, 'SSO_EMAIL_UNVERIFIED'],
    [{ email: 'jan@a.be', email_verified: 'yes' }, 'SSO_EMAIL_UNVERIFIED'],
    [{ email: 'jan@a.be\r\n', email_verified: true }, 'SSO_EMAIL_INVALID'],
    [{ email: 'jan\u200b@a.be', email_verified: true }, 'SSO_EMAIL_INVALID'],
    [{ email: ['jan@a.be'], email_verified: true }, 'SSO_EMAIL_INVALID'],
    [{ email_verified: true }, 'SSO_EMAIL_MISSING'],
  ])('refuses %j', (claims, code) => {
    expect(() => identityFromClaims(claims, 'groups')).toThrow(expect.objectContaining({ code }));
  });
});
