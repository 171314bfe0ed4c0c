import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCertificate, createOrganisation, createPerson, createUser } from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';

const NOW = new Date('2026-11-10T05:00:00Z'); // 06:00 in Brussels
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY + 7 * 3600_000);

// Through the real SMTP server (the harness's smtp-server sink): at READINESS_ESCALATION_DAYS (120) before expiry, a
// certificate whose renewal is not ready (issue 14) gets one mail to its organisation's administrators and generic
// addresses, saying what is missing; never twice, and not for a ready one or one further away.
describe('the escalation of a renewal that is not ready', () => {
  let h: Harness;
  let org: { id: string; contacts: string[] };
  const admin = 'admin-ready@org.test';
  const otherAdmin = 'admin-elsewhere@org.test';
  let notReady = '';
  let ready = '';
  let later = '';

  beforeAll(async () => {
    h = await startHarness('readiness-escalation', { now: NOW });
    org = await createOrganisation(h.db, { languages: ['fr', 'nl', 'en'] });
    const elsewhere = await createOrganisation(h.db, { languages: ['en'] });
    await createUser(h.db, { email: admin, role: 'org-admin', organisationId: org.id });
    await createUser(h.db, { email: otherAdmin, role: 'org-admin', organisationId: elsewhere.id });

    const manager = await createPerson(h.db, { name: 'Marie Prête', organisationId: org.id });
    notReady = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(119),
      applicationId: 'NOTREADY',
      managerId: manager,
    });
    later = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(130),
      applicationId: 'LATER',
      managerId: manager,
    });
    // Everything a renewal needs: the manager's eID seen and valid long enough, the keystore's place, a custodian
    // who opened it ten days ago, no deployment without a contact.
    ready = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(100),
      applicationId: 'READY',
      managerId: manager,
      keystore: { host: 'PC-ACCUEIL', path: 'C:\\ehealth', fileName: 'ready.p12' },
    });
    await h.db.query(
      `INSERT INTO person_eid_certificate (person_id, certificate_sha256, not_after, seen_via, seen_at)
       VALUES ($1, 'ab', $2, 'eid-login', $3)`,
      [manager, inDays(1000), NOW],
    );
    await h.db.query(`UPDATE certificate SET password_custodian_id = $1 WHERE id = $2`, [manager, ready]);
    await h.db.query(
      `INSERT INTO custody_attestation (certificate_id, person_id, outcome, checked_at, recorded_at)
       VALUES ($1, $2, 'opened', $3, $3)`,
      [ready, manager, new Date(NOW.getTime() - 10 * DAY)],
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it("mails the organisation's administrators and generic address what is missing, in its languages", async () => {
    await h.scan();
    for (const recipient of [admin, org.contacts[0]!]) {
      const mails = h.sink.to(recipient).filter((m) => m.kind === 'readiness-escalation');
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail!.subject).toMatch(
        /^eHealth NIHII-AMBU_SERVICE=\d{8}: renouvellement pas prêt, expire dans 119 jours \/ vernieuwing niet klaar, vervalt over 119 dagen \/ renewal not ready, expires in 119 days$/,
      );
      expect(mail!.text).toContain(`/certificates/${notReady}`);
      expect(mail!.text).toContain('nobody is named as the password custodian');
      expect(mail!.text).toContain('l’emplacement du keystore (PC et dossier) n’est pas connu');
      expect(mail!.text).toContain('niemand is aangeduid als bewaarder van het wachtwoord');
      expect(mail!.text).toContain(
        "- the keystore's place (PC and folder) is not known (where the keystore lives is not recorded)",
      );
      // What is in order is not asked for: the manager's eID is known.
      expect(mail!.text).not.toContain('eID');
      expect(mail!.html).toContain('What is missing:');
    }
    expect(h.sink.to(otherAdmin)).toEqual([]);
    // Neither the ready certificate nor the one beyond 120 days.
    const all = h.sink.mails.filter((m) => m.kind === 'readiness-escalation');
    expect(all.some((m) => m.text.includes(`/certificates/${ready}`))).toBe(false);
    expect(all.some((m) => m.text.includes(`/certificates/${later}`))).toBe(false);
  });

  it('never sends it twice: not on the next scan, nor days later', async () => {
    h.sink.clear();
    await h.scan();
    h.clock.set(new Date(NOW.getTime() + 3 * DAY));
    await h.scan();
    expect(
      h.sink.mails.filter(
        (m) => m.kind === 'readiness-escalation' && m.text.includes(`/certificates/${notReady}`),
      ),
    ).toEqual([]);
    const [{ count }] = (await h.db.query(
      `SELECT count(*)::int AS count FROM reminder WHERE certificate_id = $1 AND milestone = 'readiness-escalation'`,
      [notReady],
    )) as [{ count: number }];
    expect(count).toBe(1);
  });

  it('escalates the later certificate once it reaches 120 days, still not ready', async () => {
    h.sink.clear();
    h.clock.set(new Date(NOW.getTime() + 10 * DAY));
    await h.scan();
    const mails = h.sink.to(admin).filter((m) => m.kind === 'readiness-escalation');
    expect(mails.map((m) => m.text.includes(`/certificates/${later}`))).toEqual([true]);
    expect(mails[0]!.subject).toMatch(/expires in 120 days/);
  });
  it("puts a not-ready certificate in its organisation's digest from 180 days, with what is missing, once", async () => {
    h.sink.clear();
    h.clock.set(NOW);
    const small = await createOrganisation(h.db, { languages: ['en'] });
    const id = await createCertificate(h.db, {
      organisationId: small.id,
      notAfter: inDays(150),
      applicationId: 'SOON',
    });
    await createCertificate(h.db, {
      organisationId: small.id,
      notAfter: inDays(200),
      applicationId: 'NOTYET',
    });
    await h.scan();
    const digests = h.sink.to(small.contacts[0]!).filter((m) => m.kind === 'digest');
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(digest!.text).toContain(`/certificates/${id}`);
    expect(digest!.text).toContain('[RENEWAL NOT READY]');
    expect(digest!.text).toMatch(
      /Not ready for renewal: no certificate manager is designated \(no certificate manager is designated\); /,
    );
    expect(digest!.text).toContain('nobody is named as the password custodian');
    expect(digest!.text).not.toContain('NOTYET');
    // Neither the administrators' mail (150 days: not yet) nor a second line on the next scans.
    expect(h.sink.to(small.contacts[0]!).filter((m) => m.kind === 'readiness-escalation')).toEqual([]);
    h.sink.clear();
    h.clock.set(new Date(NOW.getTime() + DAY));
    await h.scan();
    expect(h.sink.to(small.contacts[0]!)).toEqual([]);
  });
});
