import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createCertificate, createOrganisation, createPerson } from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';

const NOW = new Date('2026-11-10T05:00:00Z'); // 06:00 in Brussels
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY + 7 * 3600_000);

// Through the real SMTP server (the harness's smtp-server sink): a reminder about a certificate whose named manager
// has left the organisation says so, since nobody may be left who can open its keystore.
describe('a reminder when the certificate manager has left', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('manager-left', { now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.clock.set(NOW);
    h.sink.clear();
  });

  it('names the manager as gone, with the day they left, in each of the organisation’s languages', async () => {
    const org = await createOrganisation(h.db, { languages: ['fr', 'nl', 'en'] });
    const gone = await createPerson(h.db, { name: 'Anne Partie', organisationId: org.id, employed: false });
    await h.db.query(`UPDATE membership SET left_on = '2026-09-30' WHERE person_id = $1`, [gone]);
    const stays = await createPerson(h.db, { name: 'Bert Blijft', organisationId: org.id });
    const orphaned = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(40),
      applicationId: 'ORPHANED',
      managerId: gone,
    });
    const looked = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(50),
      applicationId: 'LOOKEDAFTER',
      managerId: stays,
    });
    await h.scan();
    const [mail] = h.sink.to(org.contacts[0]!);
    expect(mail!.text).toContain(`/certificates/${orphaned}`);
    expect(mail!.text).toContain(`/certificates/${looked}`);
    expect(mail!.text).toContain('Anne Partie, who left the organisation on 30 September 2026');
    expect(mail!.text).toContain('Anne Partie, qui a quitté l’organisation le 30 septembre 2026');
    expect(mail!.text).toContain('Anne Partie, die de organisatie op 30 september 2026 verlaten heeft');
    expect(mail!.text).toMatch(/The certificate manager named for \S+, ORPHANED has left the organisation/);
    expect(mail!.text).not.toMatch(/LOOKEDAFTER has left/);
    expect(mail!.text).toContain('[MANAGER LEFT]');
    // The one still there is named plainly.
    expect(mail!.text).toMatch(/Certificate manager: Bert Blijft\n/);
    expect(mail!.html).toContain('Anne Partie, who left the organisation on 30 September 2026');
  });

  it('says so in the urgent mail too, and without a date when none was recorded', async () => {
    const org = await createOrganisation(h.db, { languages: ['en'] });
    const gone = await createPerson(h.db, { name: 'Carl Gone', organisationId: org.id, employed: false });
    const id = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(5),
      managerId: gone,
    });
    await h.scan();
    const urgent = h.sink.to(org.contacts[0]!).find((m) => m.kind === 'urgent')!;
    expect(urgent.text).toContain(`/certificates/${id}`);
    expect(urgent.text).toContain('Carl Gone, who has left the organisation');
    expect(urgent.text).toMatch(/The certificate manager named for .* has left the organisation/);
  });

  it('counts a manager recorded only in another organisation as gone from this one', async () => {
    const org = await createOrganisation(h.db, { languages: ['en'] });
    const elsewhere = await createOrganisation(h.db, { languages: ['en'] });
    const moved = await createPerson(h.db, { name: 'Dana Moved', organisationId: elsewhere.id });
    await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(30), managerId: moved });
    await h.scan();
    const [mail] = h.sink.to(org.contacts[0]!);
    expect(mail!.text).toContain('Dana Moved, who has left the organisation');
  });

  it('says nothing of the kind while every manager is still there', async () => {
    const org = await createOrganisation(h.db, { languages: ['en'] });
    const stays = await createPerson(h.db, { name: 'Eva Here', organisationId: org.id });
    await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(30), managerId: stays });
    await h.scan();
    const [mail] = h.sink.to(org.contacts[0]!);
    expect(mail!.text).toContain('Eva Here');
    // (The standing "if something is wrong" paragraph about managers who leave is in every mail.)
    expect(mail!.text).not.toMatch(/who (has )?left the organisation|MANAGER LEFT|manager named for/);
  });
});
