import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CertificateRenewedEvent } from '@certdesk/contracts';
import { muteUntil, withMod97CheckDigits } from '@certdesk/domain';

// Rows written straight into the tables the api owns, as the api would leave them: the notifier reads nothing
// else. Certificates carry placeholder DER (the notifier never parses it).

const DAY = 86_400_000;
let counter = 0;
const next = () => `${++counter}-${randomBytes(3).toString('hex')}`;

export interface OrganisationInput {
  name?: string;
  languages?: string[];
  milestones?: number[];
  managerInCopy?: boolean;
  /** Default: one generic address, info-<n>@org.test. */
  contacts?: { email: string; generic: boolean; language?: string; failed?: boolean }[];
}

export async function createOrganisation(
  db: DataSource,
  input: OrganisationInput = {},
): Promise<{ id: string; name: string; contacts: string[] }> {
  const name = input.name ?? `Ambulances ${next()}`;
  const [{ id }] = (await db.query(
    `INSERT INTO organisation (name, languages, reminder_milestones, manager_in_copy)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [
      name,
      input.languages ?? ['fr', 'nl'],
      input.milestones ?? [90, 60, 30, 14, 7, 3, 1, 0],
      input.managerInCopy ?? false,
    ],
  )) as [{ id: string }];
  const contacts = input.contacts ?? [{ email: `info-${next()}@org.test`, generic: true }];
  for (const contact of contacts) {
    await db.query(
      `INSERT INTO contact (organisation_id, email, language, generic, delivery_failed_at, delivery_failure)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        contact.email.toLowerCase(),
        contact.language ?? 'fr',
        contact.generic,
        contact.failed ? new Date() : null,
        contact.failed ? '550 earlier failure' : null,
      ],
    );
  }
  return { id, name, contacts: contacts.map((c) => c.email.toLowerCase()) };
}

export async function createPerson(
  db: DataSource,
  input: { name?: string; email?: string | null; organisationId?: string; employed?: boolean } = {},
): Promise<string> {
  const [{ id }] = (await db.query(`INSERT INTO person (name, email) VALUES ($1, $2) RETURNING id`, [
    input.name ?? `Person ${next()}`,
    input.email ?? null,
  ])) as [{ id: string }];
  if (input.organisationId) {
    await db.query(
      `INSERT INTO membership (person_id, organisation_id, employed, roles) VALUES ($1, $2, $3, '{certificate-manager}')`,
      [id, input.organisationId, input.employed ?? true],
    );
  }
  return id;
}

/** A user who logs in, with one role (central-admin: no organisation). */
export async function createUser(
  db: DataSource,
  input: {
    email: string;
    role: 'central-admin' | 'org-admin' | 'certificate-manager' | 'viewer';
    organisationId?: string;
    disabled?: boolean;
  },
): Promise<string> {
  const personId = await createPerson(db, { name: input.email, email: input.email });
  const [{ id }] = (await db.query(
    `INSERT INTO app_user (person_id, email, disabled) VALUES ($1, $2, $3) RETURNING id`,
    [personId, input.email.toLowerCase(), input.disabled ?? false],
  )) as [{ id: string }];
  await db.query(`INSERT INTO user_role (user_id, role, organisation_id) VALUES ($1, $2, $3)`, [
    id,
    input.role,
    input.organisationId ?? null,
  ]);
  return id;
}

export interface CertificateInput {
  organisationId: string;
  notAfter: Date;
  identifierType?: string | null;
  identifierValue?: string | null;
  holderName?: string | null;
  applicationId?: string | null;
  environment?: 'production' | 'acceptance' | 'unknown';
  managerId?: string | null;
  state?: 'active' | 'superseded' | 'revoked';
  keystore?: { host: string; path: string; fileName: string };
}

/** NIHII-AMBU_SERVICE numbers with valid mod-97 check digits. */
function nihii(): string {
  const first6 = String(796_000 + (++counter % 4000)).padStart(6, '0');
  return withMod97CheckDigits(first6);
}

export async function createCertificates(db: DataSource, inputs: CertificateInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < inputs.length; i += 2000) {
    const chunk = inputs.slice(i, i + 2000);
    const keystoreIds: (string | null)[] = [];
    for (const input of chunk) {
      if (!input.keystore) {
        keystoreIds.push(null);
        continue;
      }
      const [{ id }] = (await db.query(
        `INSERT INTO keystore (organisation_id, file_name, host, path) VALUES ($1, $2, $3, $4) RETURNING id`,
        [input.organisationId, input.keystore.fileName, input.keystore.host, input.keystore.path],
      )) as [{ id: string }];
      keystoreIds.push(id);
    }
    const rows = chunk.map((input, index) => {
      const type = input.identifierType === undefined ? 'NIHII-AMBU_SERVICE' : input.identifierType;
      const value = input.identifierValue === undefined ? nihii() : input.identifierValue;
      const holder = input.holderName === undefined ? `AMBULANCES ${next()}` : input.holderName;
      return {
        organisation_id: input.organisationId,
        sha256_fingerprint: randomBytes(32).toString('hex'),
        subject: `CN=${type}=${value}, OU=eHealth-platform Belgium, OU=${holder}, O=Federal Government, C=BE`,
        issuer: 'CN=ZetesConfidens Private Trust PKI - eHealth issuing CA 001',
        serial_number: randomBytes(8).toString('hex'),
        not_before: new Date(input.notAfter.getTime() - 3 * 365 * DAY),
        not_after: input.notAfter,
        identifier_type: type,
        identifier_value: value,
        application_id: input.applicationId ?? null,
        holder_name: holder,
        environment: input.environment ?? 'production',
        manager_id: input.managerId ?? null,
        state: input.state ?? 'active',
        keystore_id: keystoreIds[index],
      };
    });
    const inserted = (await db.query(
      `INSERT INTO certificate (organisation_id, sha256_fingerprint, subject, issuer, serial_number, not_before,
                                not_after, key_algorithm, der, identifier_type, identifier_value, application_id,
                                holder_name, environment, manager_id, state, keystore_id)
       SELECT r.organisation_id, r.sha256_fingerprint, r.subject, r.issuer, r.serial_number, r.not_before,
              r.not_after, 'EC-P256', '\\x00'::bytea, r.identifier_type, r.identifier_value, r.application_id,
              r.holder_name, r.environment, r.manager_id, r.state, r.keystore_id
         FROM jsonb_to_recordset($1::jsonb) AS r(
           organisation_id uuid, sha256_fingerprint text, subject text, issuer text, serial_number text,
           not_before timestamptz, not_after timestamptz, identifier_type text, identifier_value text,
           application_id text, holder_name text, environment text, manager_id uuid, state text, keystore_id uuid)
       RETURNING id`,
      [JSON.stringify(rows)],
    )) as { id: string }[];
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
}

export async function createCertificate(db: DataSource, input: CertificateInput): Promise<string> {
  const [id] = await createCertificates(db, [input]);
  return id!;
}

export async function createRenewalCase(
  db: DataSource,
  input: { certificateId: string; state: string; stateChangedAt: Date; renewedCertificateId?: string | null },
): Promise<string> {
  const [{ id }] = (await db.query(
    `INSERT INTO renewal_case (organisation_id, certificate_id, state, opened_at, state_changed_at, renewed_certificate_id)
     SELECT c.organisation_id, c.id, $2, $3, $3, $4 FROM certificate c WHERE c.id = $1 RETURNING id`,
    [input.certificateId, input.state, input.stateChangedAt, input.renewedCertificateId ?? null],
  )) as [{ id: string }];
  return id;
}

export async function createDeployment(
  db: DataSource,
  input: {
    certificateId: string;
    software: string;
    integrator?: string | null;
    contactEmail?: string | null;
  },
): Promise<string> {
  const [{ id }] = (await db.query(
    `INSERT INTO deployment (certificate_id, software, integrator, contact_email) VALUES ($1, $2, $3, $4) RETURNING id`,
    [input.certificateId, input.software, input.integrator ?? null, input.contactEmail ?? null],
  )) as [{ id: string }];
  return id;
}

export interface DeliveryRow {
  recipient: string;
  kind: string;
  state: string;
  milestone: string;
  certificate_id: string;
  attempts: number;
  error: string | null;
}

export async function deliveries(db: DataSource): Promise<DeliveryRow[]> {
  return (await db.query(
    `SELECT d.recipient, d.kind, d.state, r.milestone, r.certificate_id, d.attempts, d.error
       FROM reminder_delivery d JOIN reminder r ON r.id = d.reminder_id
      ORDER BY d.queued_at, d.recipient, d.kind`,
  )) as DeliveryRow[];
}

/**
 * A certificate 20 days from its end renewed up to phase 3 (ETK activated), with `deployments` recorded on the old
 * one: what the api's outbox says of it (certificate.renewed), for the outbox tests to publish.
 */
export async function createCompletedRenewal(
  db: DataSource,
  input: {
    now: Date;
    organisationName: string;
    deployments: { software: string; integrator: string | null; contactEmail: string | null }[];
  },
): Promise<CertificateRenewedEvent> {
  const org = await createOrganisation(db, { name: input.organisationName });
  const old = await createCertificate(db, {
    organisationId: org.id,
    notAfter: new Date(input.now.getTime() + 20 * DAY),
  });
  const renewed = await createCertificate(db, {
    organisationId: org.id,
    notAfter: new Date(input.now.getTime() + 1100 * DAY),
  });
  const renewalCaseId = await createRenewalCase(db, {
    certificateId: old,
    state: 'phase3-etk-activated',
    stateChangedAt: input.now,
    renewedCertificateId: renewed,
  });
  const deployments = [];
  for (const d of input.deployments) {
    const id = await createDeployment(db, { certificateId: old, ...d });
    deployments.push({ id, software: d.software, contactEmail: d.contactEmail });
  }
  return {
    organisationId: org.id,
    certificateId: old,
    renewedCertificateId: renewed,
    renewalCaseId,
    deployments,
  };
}

/**
 * A mute of a certificate's reminders, as the api's MuteCertificateCommand writes it: `endDate` is its last day
 * ('YYYY-MM-DD', Brussels), and it holds until the start of the next one.
 */
export async function createMute(
  db: DataSource,
  input: {
    organisationId: string;
    certificateId: string;
    endDate: string;
    reason?: string;
    note?: string | null;
    mutedById?: string | null;
    replacedByCertificateId?: string | null;
  },
): Promise<string> {
  const [{ id }] = (await db.query(
    `INSERT INTO mute (organisation_id, certificate_id, reason, note, replaced_by_certificate_id, end_date, until,
                       muted_by_id, muted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) RETURNING id`,
    [
      input.organisationId,
      input.certificateId,
      input.reason ?? 'retired',
      input.note ?? null,
      input.replacedByCertificateId ?? null,
      input.endDate,
      muteUntil(input.endDate),
      input.mutedById ?? null,
    ],
  )) as [{ id: string }];
  return id;
}
