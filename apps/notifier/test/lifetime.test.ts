import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCertificate, createOrganisation, deliveries } from './support/fixtures.js';
import { DAY, startHarness, type Harness } from './support/harness.js';

describe('a certificate over its lifetime', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('lifetime');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gets exactly one digest per milestone, in order, from 100 days before its expiry to after it', async () => {
    const notAfter = new Date('2027-01-20T10:00:00Z');
    const org = await createOrganisation(h.db);
    const certificateId = await createCertificate(h.db, { organisationId: org.id, notAfter });
    const digests: string[] = [];
    const urgent: string[] = [];
    for (let day = 100; day >= -3; day--) {
      h.clock.set(new Date(notAfter.getTime() - day * DAY - 5 * 3600_000));
      h.sink.clear();
      await h.scan();
      for (const mail of h.sink.mails) {
        expect(mail.to).toBe(org.contacts[0]);
        expect(mail.text).toContain(`https://certdesk.test/certificates/${certificateId}`);
        (mail.kind === 'urgent' ? urgent : digests).push(`${day}`);
      }
    }
    // Day 100: a certificate whose renewal is not ready (no manager, no custodian here) gets its readiness line in a
    // digest from READINESS_DIGEST_DAYS (180) on, once (issue 14); then one digest per milestone.
    expect(digests).toEqual(['100', '90', '60', '30', '14', '7', '3', '1', '0', '-1']);
    expect(urgent).toEqual(['7', '3', '1', '0']);
    const rows = await deliveries(h.db);
    expect(rows.every((row) => row.state === 'sent')).toBe(true);
    expect(rows.filter((row) => row.kind === 'digest').map((row) => row.milestone)).toEqual([
      '90',
      '60',
      '30',
      '14',
      '7',
      '3',
      '1',
      '0',
      'expired',
    ]);
  }, 120_000);
});
