// The "possible usages" ticked on the renewal contact screen (seed 004).

export const CERTIFICATE_USAGES = ['Timestamping', 'ConsultRN', 'Codage', 'Other'] as const;
export type CertificateUsage = (typeof CERTIFICATE_USAGES)[number];

export const CERTIFICATE_USAGE_LABELS: Readonly<Record<CertificateUsage, string>> = {
  Timestamping: 'Timestamping',
  ConsultRN: 'Consulting the national register (ConsultRN)',
  Codage: 'Coding / pseudonymisation (Codage)',
  Other: 'Other',
};

export function isCertificateUsage(value: unknown): value is CertificateUsage {
  return typeof value === 'string' && (CERTIFICATE_USAGES as readonly string[]).includes(value);
}
