// An ETK as the CLI shows it: each certificate with the fields of `inspect` and its role, and what is wrong with it.
import { type CertificateDescription, describeCertificate, formatDistinguishedName } from '@certdesk/domain';
import type { EtkContents, EtkProblem, EtkRole } from '@certdesk/pki';

export type EtkCertificateDescription = CertificateDescription & { role: EtkRole };

export interface EtkReport {
  /** Whether the depot's signature verifies (its signer's dates aside). */
  signature: EtkContents['signature'];
  /** The signer's subject (the depot's ETK-RA), or null when it is not in the ETK. */
  signer: string | null;
  problems: EtkProblem[];
}

export function describeEtk(
  etk: EtkContents,
  now: Date,
): { encryption: EtkCertificateDescription; authentication: EtkCertificateDescription } {
  return {
    encryption: { ...describeCertificate(etk.encryption, { now }), role: 'encryption' },
    authentication: { ...describeCertificate(etk.authentication, { now }), role: 'authentication' },
  };
}

export function etkReport(etk: EtkContents): EtkReport {
  return {
    signature: etk.signature,
    signer: etk.signer ? formatDistinguishedName(etk.signer.subject) : null,
    problems: etk.problems,
  };
}

/** Lines under an ETK's table: its signature, then each problem. */
export function etkNotes(report: EtkReport): string {
  const signature =
    report.signature === 'valid'
      ? `signed by ${report.signer}`
      : report.signature === 'invalid'
        ? 'its signature does NOT verify'
        : 'its signature could not be checked';
  return [signature, ...report.problems.map((p) => `${p.code}: ${p.message}`)]
    .map((l) => `  ${l}\n`)
    .join('');
}
