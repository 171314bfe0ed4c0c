/** Why a single sign-on was refused: the code the log-in page words for the user, and the api's own words. */
export const SSO_REFUSALS = {
  SSO_NOT_CONFIGURED: 'Single sign-on is not configured on this installation.',
  SSO_PROVIDER_UNREACHABLE: 'The identity provider could not be reached: try again in a moment.',
  SSO_PROVIDER_REFUSED:
    'The identity provider did not complete the sign-in (cancelled, or the code was used already).',
  SSO_STATE_UNKNOWN:
    'This sign-in was used already, has expired or was started in another browser: sign in again.',
  SSO_WRONG_ISSUER: 'The answer did not come from the configured identity provider.',
  SSO_WRONG_AUDIENCE: 'The identity provider issued this sign-in for another application.',
  SSO_TOKEN_INVALID: "The identity provider's answer could not be verified.",
  SSO_EMAIL_MISSING: 'The identity provider gave no e-mail address.',
  SSO_EMAIL_INVALID: 'The identity provider gave an e-mail address Certdesk cannot accept.',
  SSO_EMAIL_UNVERIFIED: 'The identity provider has not verified this e-mail address.',
  SSO_DOMAIN_NOT_ALLOWED: "This e-mail address's domain may not sign in to Certdesk with single sign-on.",
  SSO_NO_ACCOUNT: 'No Certdesk log-in of your organisation has this e-mail address: ask its administrator.',
  SSO_NO_ROLE: 'Your groups at the identity provider give no Certdesk role: ask your administrator.',
  SSO_ACCOUNT_DISABLED: 'This Certdesk log-in is disabled.',
  SSO_FAILED: 'The sign-in could not be completed: try again, or tell your administrator.',
  SSO_TICKET_INVALID: 'This sign-in has expired or was used already: sign in again.',
} as const;

export type SsoRefusalCode = keyof typeof SSO_REFUSALS;

/** A refused sign-in: the callback sends the user to the log-in page with its code; the api answers 401 with it. */
export class OidcRefusal extends Error {
  constructor(readonly code: SsoRefusalCode) {
    super(SSO_REFUSALS[code]);
    this.name = 'OidcRefusal';
  }
}
