import type { EntityManager } from 'typeorm';
import type { CertificateEntity } from '@certdesk/persistence';

/** A certificate as an import writes it (the columns the database does not fill in itself). */
export type NewCertificate = Pick<
  CertificateEntity,
  | 'organisationId'
  | 'sha256Fingerprint'
  | 'subject'
  | 'issuer'
  | 'serialNumber'
  | 'notBefore'
  | 'notAfter'
  | 'keyAlgorithm'
  | 'keyUsages'
  | 'der'
  | 'identifierType'
  | 'identifierValue'
  | 'applicationId'
  | 'holderName'
  | 'environment'
  | 'knownType'
  | 'checkDigitsValid'
  | 'hasPrivateKey'
  | 'alias'
  | 'importedAt'
  | 'importedById'
>;

/** Rows per INSERT: each statement a few milliseconds to build, so other requests are served between them. */
const BATCH = 1000;

/**
 * Inserts an organisation's certificates in batches, each one statement over column arrays (unnest): building a
 * many-row INSERT through the query builder cost the event loop more than the database. Idempotent: one already there
 * (the same SHA-256 in the same organisation) is left exactly as it is. Answers the id of every fingerprint, and which
 * fingerprints are new.
 */
export async function insertCertificates(
  manager: EntityManager,
  organisationId: string,
  certificates: NewCertificate[],
): Promise<{ ids: Map<string, string>; inserted: Set<string> }> {
  const ids = new Map<string, string>();
  const inserted = new Set<string>();
  for (let start = 0; start < certificates.length; start += BATCH) {
    const batch = certificates.slice(start, start + BATCH);
    const column = <T>(value: (c: NewCertificate) => T): T[] => batch.map(value);
    const rows: { id: string; sha256_fingerprint: string }[] = await manager.query(
      `INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
              not_after, key_algorithm, key_usages, der, identifier_type, identifier_value, application_id, holder_name,
              environment, known_type, check_digits_valid, has_private_key, alias, imported_at, imported_by_id)
       SELECT organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before, not_after,
              key_algorithm, ARRAY(SELECT jsonb_array_elements_text(key_usages::jsonb)), der, identifier_type,
              identifier_value, application_id, holder_name, environment, known_type, check_digits_valid,
              has_private_key, alias, imported_at, imported_by_id
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                     $7::timestamptz[], $8::text[], $9::text[], $10::bytea[], $11::text[], $12::text[], $13::text[],
                     $14::text[], $15::text[], $16::boolean[], $17::boolean[], $18::boolean[], $19::text[],
                     $20::timestamptz[], $21::uuid[])
           AS v(organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before, not_after,
                key_algorithm, key_usages, der, identifier_type, identifier_value, application_id, holder_name,
                environment, known_type, check_digits_valid, has_private_key, alias, imported_at, imported_by_id)
       ON CONFLICT (organisation_id, sha256_fingerprint) DO NOTHING
       RETURNING id, sha256_fingerprint`,
      [
        column((c) => c.organisationId),
        column((c) => c.sha256Fingerprint),
        column((c) => c.subject),
        column((c) => c.issuer),
        column((c) => c.serialNumber),
        column((c) => c.notBefore),
        column((c) => c.notAfter),
        column((c) => c.keyAlgorithm),
        column((c) => JSON.stringify(c.keyUsages)),
        column((c) => c.der),
        column((c) => c.identifierType),
        column((c) => c.identifierValue),
        column((c) => c.applicationId),
        column((c) => c.holderName),
        column((c) => c.environment),
        column((c) => c.knownType),
        column((c) => c.checkDigitsValid),
        column((c) => c.hasPrivateKey),
        column((c) => c.alias),
        column((c) => c.importedAt),
        column((c) => c.importedById),
      ],
    );
    for (const row of rows) {
      ids.set(row.sha256_fingerprint, row.id);
      inserted.add(row.sha256_fingerprint);
    }
  }
  const missing = [...new Set(certificates.map((c) => c.sha256Fingerprint))].filter((f) => !ids.has(f));
  if (missing.length > 0) {
    const rows: { id: string; sha256_fingerprint: string }[] = await manager.query(
      `SELECT id, sha256_fingerprint FROM certificate
        WHERE organisation_id = $1 AND sha256_fingerprint = ANY($2::text[])`,
      [organisationId, missing],
    );
    for (const row of rows) ids.set(row.sha256_fingerprint, row.id);
  }
  return { ids, inserted };
}
