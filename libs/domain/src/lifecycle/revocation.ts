// Why a certificate is revoked (DOMAIN.md procedure 4; seeds 003 and 004). After a revocation, a new
// request is the way to a working certificate again.

export const REVOCATION_REASONS = [
  'password-lost',
  'keystore-lost',
  'key-compromised',
  'replaced',
  'manager-left',
  'other',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export function isRevocationReason(value: unknown): value is RevocationReason {
  return typeof value === 'string' && (REVOCATION_REASONS as readonly string[]).includes(value);
}

/**
 * For each reason: an English label, and what to write as the reason in the eHealth tool or revocation form
 * (seed 003's examples "to be replaced by a new certificate", "forgotten password"; seed 004 gives "private key
 * compromised" for a lost .p12).
 */
export const REVOCATION_REASON_DETAILS: Readonly<
  Record<RevocationReason, { label: string; ehealthReason: string | null }>
> = {
  'password-lost': { label: 'Keystore password lost', ehealthReason: 'Forgotten password' },
  'keystore-lost': { label: 'Keystore file (.p12) lost', ehealthReason: 'Private key compromised' },
  'key-compromised': { label: 'Private key compromised', ehealthReason: 'Private key compromised' },
  replaced: { label: 'Replaced by a new certificate', ehealthReason: 'To be replaced by a new certificate' },
  'manager-left': {
    label: 'Certificate manager left; keystore cannot be opened',
    ehealthReason: 'To be replaced by a new certificate',
  },
  other: { label: 'Other', ehealthReason: null },
};
