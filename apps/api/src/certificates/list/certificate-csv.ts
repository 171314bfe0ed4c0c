import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { CertificateDto } from '../certificate.dto.js';

/** The CSV columns: the JSON answer's field names, nested ones as dotted paths (`ehealth.identifierType`). */
export const CERTIFICATE_CSV_COLUMNS: readonly { header: string; value: (c: CertificateDto) => unknown }[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'organisationId', value: (c) => c.organisationId },
  { header: 'subject', value: (c) => c.subject },
  { header: 'issuer', value: (c) => c.issuer },
  { header: 'serialNumber', value: (c) => c.serialNumber },
  { header: 'sha256Fingerprint', value: (c) => c.sha256Fingerprint },
  { header: 'notBefore', value: (c) => c.notBefore },
  { header: 'notAfter', value: (c) => c.notAfter },
  { header: 'keyAlgorithm', value: (c) => c.keyAlgorithm },
  { header: 'hasPrivateKey', value: (c) => c.hasPrivateKey },
  { header: 'alias', value: (c) => c.alias },
  { header: 'status', value: (c) => c.status },
  { header: 'daysLeft', value: (c) => c.daysLeft },
  { header: 'ehealth.identifierType', value: (c) => c.ehealth?.identifierType },
  { header: 'ehealth.identifierValue', value: (c) => c.ehealth?.identifierValue },
  { header: 'ehealth.applicationId', value: (c) => c.ehealth?.applicationId },
  { header: 'ehealth.holderName', value: (c) => c.ehealth?.holderName },
  { header: 'ehealth.environment', value: (c) => c.ehealth?.environment },
  { header: 'ehealth.knownType', value: (c) => c.ehealth?.knownType },
  { header: 'ehealth.checkDigitsValid', value: (c) => c.ehealth?.checkDigitsValid },
  { header: 'state', value: (c) => c.state },
  { header: 'supersededById', value: (c) => c.supersededById },
  { header: 'revokedAt', value: (c) => c.revokedAt },
  { header: 'revocationReason', value: (c) => c.revocationReason },
  { header: 'manager.id', value: (c) => c.manager?.id },
  { header: 'manager.name', value: (c) => c.manager?.name },
  { header: 'manager.employed', value: (c) => c.manager?.employed },
  { header: 'passwordCustodian.name', value: (c) => c.passwordCustodian?.name },
  { header: 'keystore.fileName', value: (c) => c.keystore?.fileName },
  { header: 'keystore.host', value: (c) => c.keystore?.host },
  { header: 'keystore.path', value: (c) => c.keystore?.path },
  { header: 'usages', value: (c) => c.usages.join(' ') },
  { header: 'labels', value: (c) => c.labels.join('; ') },
  { header: 'notes', value: (c) => c.notes },
  { header: 'renewal.state', value: (c) => c.renewal?.state },
  { header: 'renewal.phase', value: (c) => c.renewal?.phase },
  { header: 'importedAt', value: (c) => c.importedAt },
  // Last, added after the others: a script that reads the columns by position still finds them where they were.
  { header: 'organisationName', value: (c) => c.organisationName },
];

/**
 * A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return first)
 * gets a leading apostrophe, OWASP's advice against CSV injection. Numbers (daysLeft: -3) stay numbers.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Certificates as a CSV byte stream (UTF-8 with a BOM, so spreadsheets read accents right), one row each. */
export function certificatesCsv(certificates: AsyncIterable<CertificateDto>): Readable {
  const csv = stringify({
    bom: true,
    header: true,
    columns: CERTIFICATE_CSV_COLUMNS.map((c) => c.header),
    cast: { string: neutraliseFormula, boolean: (value) => String(value) },
  });
  const rows = Readable.from(
    (async function* () {
      for await (const certificate of certificates)
        yield CERTIFICATE_CSV_COLUMNS.map((c) => c.value(certificate) ?? null);
    })(),
  );
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}
