import { DataSource } from 'typeorm';
import { CertificateEntity, DeploymentEntity } from '@certdesk/persistence';
import { seedCertificates } from './seed-certificates.js';
import type { TestApp } from './test-app.js';
import { bearer } from './test-app.js';

export interface MintedCertificateOptions {
  organisationId: string;
  /** Days from now to notAfter: <= 90 renewable, > 90 valid, < 0 expired. */
  expiresInDays: number;
  identifierType?: string;
  identifierValue?: string;
  applicationId?: string | null;
  managerId?: string | null;
  usages?: string[];
}

/**
 * One certificate valid for 3 years up to `expiresInDays` from now, minted and inserted by the shared seed helper
 * (a CBE identifier unless said otherwise), with its usages. Returns its id.
 */
export async function insertCertificate(t: TestApp, options: MintedCertificateOptions): Promise<string> {
  const [row] = await seedCertificates(t, [
    {
      organisationId: options.organisationId,
      identifierType: options.identifierType ?? 'CBE',
      identifierValue: options.identifierValue ?? '0566988259',
      applicationId: options.applicationId ?? null,
      fromDays: options.expiresInDays - 3 * 365,
      toDays: options.expiresInDays,
      managerId: options.managerId ?? null,
    },
  ]);
  await t.app
    .get(DataSource)
    .getRepository(CertificateEntity)
    .update({ id: row!.id }, { usages: options.usages ?? ['Timestamping'] });
  return row!.id;
}

/** A deployment of a certificate (where it is installed, whom to tell), as the deployments endpoint would store it. */
export async function insertDeployment(
  t: TestApp,
  certificateId: string,
  software: string,
  contactEmail: string | null,
): Promise<string> {
  const inserted = await t.app
    .get(DataSource)
    .getRepository(DeploymentEntity)
    .insert({ certificateId, software, contactEmail });
  return String(inserted.identifiers[0]!.id);
}

/** A person of the organisation (still employed unless said otherwise). Returns their id. */
export async function createPerson(
  t: TestApp,
  organisationId: string,
  options: { employed?: boolean; name?: string } = {},
): Promise<string> {
  const response = await t
    .http()
    .post('/api/v1/people')
    .set(bearer(t.adminToken))
    .send({
      name: options.name ?? `Person ${Math.random().toString(36).slice(2, 8)}`,
      memberships: [{ organisationId, employed: options.employed ?? true, roles: ['certificate-manager'] }],
    });
  if (response.status !== 201)
    throw new Error(`creating a person failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

/** The rows of a table, for assertions the api does not expose (the outbox). */
export async function rows<T = Record<string, unknown>>(
  t: TestApp,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return t.app.get(DataSource).query(sql, params);
}
