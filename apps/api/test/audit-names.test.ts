import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createOrganisation, createUser, type TestUser } from './support/fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface AuditEvent {
  action: string;
  organisationId: string | null;
  organisationName: string | null;
  certificateId: string | null;
  certificateLabel: string | null;
}
interface ChainVerification {
  chain: string;
  organisationName: string | null;
  ok: boolean;
}

/** The audit trail names what it is about: the organisation and the certificate, not their ids alone. */
describe('the audit trail names its organisations and certificates', () => {
  let t: TestApp;
  let zulu: { id: string };
  let alpha: { id: string };
  let admin: TestUser;
  let ambulance: string;
  let personal: string;

  beforeAll(async () => {
    t = await startTestApp();
    // Created Zulu first: the verification lines come by name, not by creation or id.
    zulu = await createOrganisation(t, { name: 'Zulu Care' });
    alpha = await createOrganisation(t, { name: 'Alpha Ambulances' });
    admin = await createUser(t, [{ role: 'org-admin', organisationId: alpha.id }]);
    const [a, p] = await seedCertificates(t, [
      {
        organisationId: alpha.id,
        identifierType: 'NIHII-AMBU_SERVICE',
        identifierValue: '79609977',
        applicationId: 'VITALINKGATEWAY',
        holderName: 'ALPHA AMBULANCES',
      },
      {
        organisationId: alpha.id,
        identifierType: 'SSIN',
        identifierValue: '85073003328',
        holderName: 'ELISE JANSSENS',
      },
    ]);
    ambulance = a!.id;
    personal = p!.id;
    for (const id of [ambulance, personal]) {
      await t
        .http()
        .patch(`/api/v1/certificates/${id}`)
        .set(bearer(admin.token))
        .send({ notes: 'kept in the safe' })
        .expect(200);
    }
    await t
      .http()
      .patch(`/api/v1/organisations/${zulu.id}`)
      .set(bearer(t.adminToken))
      .send({ name: 'Zulu Care Group' })
      .expect(200);
  });
  afterAll(() => t.close());

  const list = async (token: string, query = ''): Promise<AuditEvent[]> =>
    (await t.http().get(`/api/v1/audit${query}`).set(bearer(token)).expect(200)).body.items;

  it("gives each event its organisation's name and names the certificate by identifier and application ID", async () => {
    const events = await list(admin.token, '?action=certificate.updated');
    const about = (id: string) => events.find((e) => e.certificateId === id)!;
    expect(about(ambulance)).toMatchObject({
      organisationId: alpha.id,
      organisationName: 'Alpha Ambulances',
      certificateLabel: 'NIHII-AMBU_SERVICE=79609977, VITALINKGATEWAY (ALPHA AMBULANCES)',
    });
    // An SSIN is masked except for central administrators.
    expect(about(personal).certificateLabel).toBe('SSIN=850730-***-** (ELISE JANSSENS)');
    const central = await list(t.adminToken, `?certificateId=${personal}`);
    expect(central[0]!.certificateLabel).toBe('SSIN=85073003328 (ELISE JANSSENS)');
  });

  it('names the organisation as it is called now, and leaves both names out of an event about neither', async () => {
    const events = await list(t.adminToken);
    const renamed = events.find((e) => e.action === 'organisation.updated' && e.organisationId === zulu.id)!;
    expect(renamed.organisationName).toBe('Zulu Care Group');
    expect(renamed.certificateLabel).toBeNull();
    const global = events.find((e) => e.organisationId === null);
    if (global) expect(global).toMatchObject({ organisationName: null, certificateLabel: null });
  });

  it('verifies one chain per organisation, named, the global one first and the others by name', async () => {
    const chains = (await t.http().post('/api/v1/audit/verify').set(bearer(t.adminToken)).expect(200))
      .body as ChainVerification[];
    expect(chains.map((c) => [c.chain, c.organisationName])).toEqual([
      ['global', null],
      [alpha.id, 'Alpha Ambulances'],
      [zulu.id, 'Zulu Care Group'],
    ]);
    expect(chains.every((c) => c.ok)).toBe(true);
    const own = (await t.http().post('/api/v1/audit/verify').set(bearer(admin.token)).expect(200))
      .body as ChainVerification[];
    expect(own.map((c) => c.organisationName)).toEqual(['Alpha Ambulances']);
  });
});
