// CertificateView reads everything a page of certificates refers to in one statement: these pin its answer, row by
// row, for each kind of reference (and for none), inside and outside a transaction.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import type { CertificateEntity } from '@certdesk/persistence';
import { CertificateView } from '../src/certificates/certificate-view.js';
import { createOrganisation } from './support/fixtures.js';
import { createKeystore, openRenewal } from './support/inventory-fixtures.js';
import { seedCertificates } from './support/seed-certificates.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

describe('CertificateView', () => {
  let t: TestApp;
  let db: DataSource;
  let view: CertificateView;
  let a: { id: string };
  let b: { id: string };
  let marie: string;
  let paul: string;
  let outsider: string;
  let keystoreA: string;
  let keystoreB: string;
  let rows: CertificateEntity[];
  let openStateChangedAt: Date;

  async function person(name: string, memberships: { organisationId: string; employed: boolean }[]) {
    const response = await t
      .http()
      .post('/api/v1/people')
      .set(bearer(t.adminToken))
      .send({ name, memberships })
      .expect(201);
    return response.body.id as string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    view = t.app.get(CertificateView);
    a = await createOrganisation(t);
    b = await createOrganisation(t);
    // Marie still works in A but has left B: "employed" is per organisation, the certificate's.
    marie = await person('Marie Manager', [
      { organisationId: a.id, employed: true },
      { organisationId: b.id, employed: false },
    ]);
    paul = await person('Paul Custodian', [{ organisationId: a.id, employed: true }]);
    outsider = await person('Olivier Outsider', [{ organisationId: b.id, employed: true }]);
    keystoreA = await createKeystore(t, a.id, {
      host: 'PC-RECEPTION',
      path: 'C:\\ehealth',
      fileName: 'a.p12',
    });
    keystoreB = await createKeystore(t, b.id, { host: '', path: '', fileName: 'b.p12' });
    rows = await seedCertificates(t, [
      { organisationId: a.id, managerId: marie, keystoreId: keystoreA },
      { organisationId: b.id, managerId: marie, keystoreId: keystoreB },
      { organisationId: a.id, managerId: outsider },
      { organisationId: a.id },
    ]);
    await db.query('UPDATE certificate SET password_custodian_id = $1 WHERE id = $2', [paul, rows[2]!.id]);
    rows[2]!.passwordCustodianId = paul;
    // The first has an abandoned case and an open one; the second only an abandoned one.
    await openRenewal(t, rows[0]!, 'abandoned');
    await openRenewal(t, rows[0]!, 'phase2-completed');
    await openRenewal(t, rows[1]!, 'abandoned');
    const [open] = await db.query(
      `SELECT state_changed_at FROM renewal_case WHERE certificate_id = $1 AND state = 'phase2-completed'`,
      [rows[0]!.id],
    );
    openStateChangedAt = open.state_changed_at;
  });
  afterAll(() => t.close());

  const related = (dto: Awaited<ReturnType<CertificateView['load']>>[number]) => ({
    id: dto.id,
    manager: dto.manager,
    passwordCustodian: dto.passwordCustodian,
    keystore: dto.keystore,
    renewal: dto.renewal,
  });

  function expected() {
    const [first, second, third, fourth] = rows;
    return [
      {
        id: first!.id,
        manager: { id: marie, name: 'Marie Manager', employed: true },
        passwordCustodian: null,
        keystore: { id: keystoreA, fileName: 'a.p12', host: 'PC-RECEPTION', path: 'C:\\ehealth' },
        renewal: {
          id: expect.any(String),
          state: 'phase2-completed',
          phase: 2,
          stateChangedAt: openStateChangedAt.toISOString(),
        },
      },
      {
        id: second!.id,
        manager: { id: marie, name: 'Marie Manager', employed: false },
        passwordCustodian: null,
        keystore: { id: keystoreB, fileName: 'b.p12', host: null, path: null },
        renewal: null,
      },
      {
        id: third!.id,
        manager: { id: outsider, name: 'Olivier Outsider', employed: false },
        passwordCustodian: { id: paul, name: 'Paul Custodian', employed: true },
        keystore: null,
        renewal: null,
      },
      { id: fourth!.id, manager: null, passwordCustodian: null, keystore: null, renewal: null },
    ];
  }

  it('answers each row with its manager, custodian, keystore and open renewal, in the order given', async () => {
    const answer = await view.load(db.manager, rows);
    expect(answer.map(related)).toEqual(expected());
    // The rest of the answer comes from the row itself.
    expect(answer[0]).toMatchObject({
      organisationId: a.id,
      sha256Fingerprint: rows[0]!.sha256Fingerprint,
      status: 'valid',
      state: 'active',
    });
  });

  it('answers a row given twice twice, and nothing for no rows', async () => {
    const answer = await view.load(db.manager, [rows[3]!, rows[0]!, rows[3]!]);
    expect(answer.map((dto) => dto.id)).toEqual([rows[3]!.id, rows[0]!.id, rows[3]!.id]);
    expect(related(answer[1]!)).toEqual(expected()[0]);
    expect(await view.load(db.manager, [])).toEqual([]);
  });

  it('follows the rows as the caller holds them (a change not yet written)', async () => {
    const changed = { ...rows[3]!, managerId: paul, keystoreId: keystoreA } as CertificateEntity;
    const [dto] = await view.load(db.manager, [changed]);
    expect(dto).toMatchObject({
      manager: { id: paul, name: 'Paul Custodian', employed: true },
      keystore: { id: keystoreA },
    });
  });

  it('gives the same answer on a transaction, and sees what it wrote before committing', async () => {
    await db
      .transaction(async (manager) => {
        expect((await view.load(manager, rows)).map(related)).toEqual(expected());
        await manager.query(`UPDATE renewal_case SET state = 'abandoned' WHERE certificate_id = $1`, [
          rows[0]!.id,
        ]);
        const [first] = await view.load(manager, [rows[0]!]);
        expect(first!.renewal).toBeNull();
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    expect((await view.load(db.manager, rows)).map(related)).toEqual(expected());
  });
});

class RolledBack extends Error {}
