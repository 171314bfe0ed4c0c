// Production or acceptance, from the issuer's common name (DOMAIN.md "Two environments"). The two must never
// be confused, so anything not in the table is "unknown" rather than a guess.
import { dnValues, type DistinguishedName } from './ehealth/distinguished-name.js';

export type Environment = 'production' | 'acceptance' | 'unknown';

export interface IssuerEnvironmentRule {
  issuerCommonName: string;
  environment: 'production' | 'acceptance';
}

/** Today's Zetes issuing CAs. Older issuers belong in configuration, passed as `rules`. */
export const DEFAULT_ISSUER_ENVIRONMENTS: readonly IssuerEnvironmentRule[] = [
  {
    issuerCommonName: 'ZetesConfidens Private Trust PKI - eHealth issuing CA 001',
    environment: 'production',
  },
  {
    issuerCommonName: 'TEST-ZetesConfidens-eHealth acceptance test-issuing CA 001',
    environment: 'acceptance',
  },
];

/**
 * Matches the issuer's CN against the rules: the whole name, ignoring case and runs of spaces, never a part of
 * it (a future "... CA 002" is unknown until configured). Unknown when nothing or more than one environment matches.
 */
export function environmentFromIssuer(
  issuer: DistinguishedName,
  rules: readonly IssuerEnvironmentRule[] = DEFAULT_ISSUER_ENVIRONMENTS,
): Environment {
  const found = new Set<Environment>();
  for (const commonName of dnValues(issuer, 'CN')) {
    const key = comparable(commonName);
    for (const rule of rules) if (comparable(rule.issuerCommonName) === key) found.add(rule.environment);
  }
  return found.size === 1 ? ([...found][0] as Environment) : 'unknown';
}

function comparable(name: string): string {
  return String(name).trim().replace(/\s+/g, ' ').toLowerCase();
}
