import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  createCertificate,
  createOrganisation,
  createPerson,
  createUser,
  deliveries,
} from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';

const NOW = new Date('2026-11-10T05:00:00Z');
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY + 6 * 3600_000);

describe('recipients', () => {
  let h: Harness;
  const central = 'central@certdesk.test';
  beforeAll(async () => {
    h = await startHarness('recipients', { now: NOW });
    await createUser(h.db, { email: central, role: 'central-admin' });
    await createUser(h.db, { email: 'retired-central@certdesk.test', role: 'central-admin', disabled: true });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.sink.clear();
  });

  it('are the generic addresses only, not the personal ones', async () => {
    const org = await createOrganisation(h.db, {
      contacts: [
        { email: 'info@ambu.test', generic: true },
        { email: 'jean.dupont@ambu.test', generic: false },
      ],
    });
    await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(30) });
    await h.scan();
    expect(h.sink.mails.map((m) => m.to)).toEqual(['info@ambu.test']);
  });

  it('without a generic address: the organisation’s administrators and the central administrators are told why', async () => {
    const org = await createOrganisation(h.db, {
      name: 'Ambulances Sans Adresse',
      contacts: [{ email: 'marie.personal@ambu.test', generic: false }],
    });
    const orgAdmin = 'admin@sans-adresse.test';
    await createUser(h.db, { email: orgAdmin, role: 'org-admin', organisationId: org.id });
    const other = await createOrganisation(h.db);
    await createUser(h.db, { email: 'admin@elsewhere.test', role: 'org-admin', organisationId: other.id });
    const id = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(30) });
    await h.scan();

    const recipients = h.sink.mails.filter((m) => m.text.includes(id)).map((m) => m.to);
    expect(recipients.sort()).toEqual([orgAdmin, central].sort());
    for (const mail of h.sink.mails.filter((m) => m.text.includes(id))) {
      expect(mail.kind).toBe('digest');
      expect(mail.text).toContain('Ambulances Sans Adresse');
    }
    const kinds = (await deliveries(h.db)).filter((d) => d.certificate_id === id).map((d) => d.kind);
    expect(kinds).toEqual(['escalation', 'escalation']);
  });

  it('skips a generic address that failed for good; with none left, the administrators are told', async () => {
    const org = await createOrganisation(h.db, {
      contacts: [
        { email: 'bounced@ambu.test', generic: true, failed: true },
        { email: 'works@ambu.test', generic: true },
      ],
    });
    const lonely = await createOrganisation(h.db, {
      contacts: [{ email: 'dead@ambu.test', generic: true, failed: true }],
    });
    const a = await createCertificate(h.db, { organisationId: org.id, notAfter: inDays(60) });
    const b = await createCertificate(h.db, { organisationId: lonely.id, notAfter: inDays(60) });
    await h.scan();
    expect(h.sink.mails.filter((m) => m.text.includes(a)).map((m) => m.to)).toEqual(['works@ambu.test']);
    expect(h.sink.mails.filter((m) => m.text.includes(b)).map((m) => m.to)).toEqual([central]);
  });

  it('copies the certificate’s manager when the organisation asks for it, unless the manager has left', async () => {
    const org = await createOrganisation(h.db, { managerInCopy: true });
    const manager = await createPerson(h.db, {
      name: 'Marc Manager',
      email: 'Marc@Ambu.test',
      organisationId: org.id,
    });
    const gone = await createPerson(h.db, {
      name: 'Gone Manager',
      email: 'gone@ambu.test',
      organisationId: org.id,
      employed: false,
    });
    const managed = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(14),
      managerId: manager,
    });
    const orphan = await createCertificate(h.db, {
      organisationId: org.id,
      notAfter: inDays(14),
      managerId: gone,
    });
    const notCopied = await createOrganisation(h.db, { managerInCopy: false });
    const other = await createPerson(h.db, { email: 'quiet@other.test', organisationId: notCopied.id });
    await createCertificate(h.db, { organisationId: notCopied.id, notAfter: inDays(14), managerId: other });
    await h.scan();

    const toManager = h.sink.to('marc@ambu.test');
    expect(toManager).toHaveLength(1);
    expect(toManager[0]!.text).toContain(managed);
    expect(toManager[0]!.text).not.toContain(orphan);
    expect(h.sink.to('gone@ambu.test')).toHaveLength(0);
    expect(h.sink.to('quiet@other.test')).toHaveLength(0);
    const generic = h.sink.to(org.contacts[0]!);
    expect(generic).toHaveLength(1);
    expect(generic[0]!.text).toContain(managed);
    expect(generic[0]!.text).toContain(orphan);
  });
});
