import { DataSource } from 'typeorm';
import { KeystoreEntity, RenewalCaseEntity } from '@certdesk/persistence';
import { bearer, type TestApp } from './test-app.js';

/** A keystore record at a known place (or with the given parts unknown: ''). */
export async function createKeystore(
  t: TestApp,
  organisationId: string,
  location: { host?: string; path?: string; fileName?: string } = {},
): Promise<string> {
  const result = await t.app
    .get(DataSource)
    .getRepository(KeystoreEntity)
    .insert({
      organisationId,
      fileName: location.fileName ?? `NIHII=${Math.random().toString().slice(2, 10)} 20240101-120000.p12`,
      host: location.host ?? 'PC-RECEPTION',
      path: location.path ?? 'C:\\Users\\admin\\ehealth\\keystore',
    });
  return result.identifiers[0]!.id as string;
}

/** A renewal case in `state`, as the lifecycle commands would leave it. */
export async function openRenewal(
  t: TestApp,
  certificate: { id: string; organisationId: string },
  state = 'phase1-sent',
): Promise<void> {
  const now = new Date();
  await t.app.get(DataSource).getRepository(RenewalCaseEntity).insert({
    organisationId: certificate.organisationId,
    certificateId: certificate.id,
    state,
    openedAt: now,
    stateChangedAt: now,
  });
}

/** A person in the organisation, still employed or not, through the api. */
export async function createPerson(
  t: TestApp,
  organisationId: string,
  name: string,
  employed = true,
): Promise<string> {
  const response = await t
    .http()
    .post('/api/v1/people')
    .set(bearer(t.adminToken))
    .send({ name, memberships: [{ organisationId, employed, roles: ['certificate-manager'] }] });
  if (response.status !== 201)
    throw new Error(`creating a person failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}
