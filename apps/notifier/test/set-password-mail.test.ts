import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { OUTBOX_TOPICS, outboxJobId, type SetPasswordLinkCreatedEvent } from '@certdesk/contracts';
import { installationId } from '@certdesk/persistence';
import { createPerson } from './support/fixtures.js';
import { startHarness, type Harness } from './support/harness.js';
import { publishOutbox } from './support/outbox.js';

const NOW = new Date('2026-11-10T09:00:00Z');
const HOUR = 3_600_000;

/**
 * The set-password mail (issue 10): the api's outbox asks for it, the notifier mails the link through SMTP (a real
 * smtp-server on loopback here) in the organisation's languages, once, never a password, and then erases the token
 * from the outbox row and the job.
 */
describe('the set-password mail', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('set-password', { now: NOW });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.sink.clear());

  /** A log-in with a password already (its hash must never reach a mail) and a link, as the api writes them. */
  async function linkFor(
    email: string,
    options: { usedAt?: Date; expiresAt?: Date; disabled?: boolean; languages?: string[] } = {},
  ): Promise<{ event: SetPasswordLinkCreatedEvent; userId: string; passwordHash: string }> {
    const personId = await createPerson(h.db, { name: 'Nadia Newcomer', email });
    const passwordHash = `$argon2id$v=19$m=65536,t=3,p=4$${randomBytes(16).toString('base64')}`;
    const [{ id: userId }] = (await h.db.query(
      `INSERT INTO app_user (person_id, email, password_hash, disabled) VALUES ($1, $2, $3, $4) RETURNING id`,
      [personId, email, passwordHash, options.disabled ?? false],
    )) as [{ id: string }];
    const expiresAt = options.expiresAt ?? new Date(NOW.getTime() + 72 * HOUR);
    const [{ id: linkId }] = (await h.db.query(
      `INSERT INTO set_password_link (user_id, token_hash, expires_at, used_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [userId, randomBytes(32).toString('hex'), expiresAt, options.usedAt ?? null],
    )) as [{ id: string }];
    const event: SetPasswordLinkCreatedEvent = {
      linkId,
      userId,
      email,
      name: 'Nadia Newcomer',
      organisationNames: ['Ambulances Dupont', 'Hôpital du Nord'],
      languages: options.languages ?? ['nl', 'fr'],
      token: `cdl_${randomBytes(32).toString('base64url')}`,
      expiresAt: expiresAt.toISOString(),
    };
    return { event, userId, passwordHash };
  }

  const publish = (event: SetPasswordLinkCreatedEvent) =>
    publishOutbox(h, OUTBOX_TOPICS.setPasswordLinkCreated, event);

  /** The token as the outbox row and the job keep it after the notifier handled them. */
  async function keptToken(messageId: string): Promise<{ row: unknown; job: unknown }> {
    const [row] = (await h.db.query(`SELECT payload FROM outbox_message WHERE id = $1`, [messageId])) as [
      { payload: SetPasswordLinkCreatedEvent },
    ];
    const job = await h.notifier.queues.outbox.getJob(outboxJobId(await installationId(h.db), messageId));
    return { row: row.payload.token, job: (job?.data.payload as SetPasswordLinkCreatedEvent).token };
  }

  it('mails the link to the log-in, in its organisations’ languages, with no password, and keeps no token', async () => {
    const { event, passwordHash } = await linkFor('nadia@dupont.test');
    const messageId = await publish(event);

    expect(h.sink.mails).toHaveLength(1);
    const [mail] = h.sink.mails;
    expect(mail!.to).toBe('nadia@dupont.test');
    expect(mail!.kind).toBe('set-password');
    expect(mail!.subject).toBe('Certdesk: kies uw wachtwoord / choisissez votre mot de passe');
    const link = `https://certdesk.test/set-password#token=${event.token}`;
    expect(mail!.text).toContain(link);
    expect(mail!.html).toContain(`href="${link}"`);
    // Dutch first, as the organisations list their languages; both name the organisations and the expiry.
    expect(mail!.text.indexOf('NEDERLANDS')).toBeLessThan(mail!.text.indexOf('FRANÇAIS'));
    expect(mail!.text).toContain('Ambulances Dupont en Hôpital du Nord');
    expect(mail!.text).toContain('Ambulances Dupont et Hôpital du Nord');
    expect(mail!.text).toContain('13 novembre 2026 à 10:00 (heure de Bruxelles)');
    // The link is the only secret in it: no password, and nothing of the stored hash.
    expect(mail!.text).not.toContain(passwordHash);
    // Every long word with letters and digits in it is the link (once per language): no other secret.
    const longWords = mail!.text.match(/\S{24,}/g)!.filter((w) => /\d/.test(w) && /[a-z]/i.test(w));
    expect(longWords).toEqual([link, link]);

    const [stored] = (await h.db.query(`SELECT mailed_at FROM set_password_link WHERE id = $1`, [
      event.linkId,
    ])) as [{ mailed_at: Date | null }];
    expect(stored.mailed_at).toEqual(NOW);
    expect(await keptToken(messageId)).toEqual({ row: '', job: '' });
  });

  it('mails once when the message is handled again (a crash between publishing and marking it)', async () => {
    const { event } = await linkFor('twice@dupont.test');
    const messageId = await publish(event);
    expect(h.sink.mails).toHaveLength(1);
    // Published again with the token still in it (as before it was erased), under another job id.
    await h.notifier.queues.outbox.add('again', {
      installationId: await installationId(h.db),
      messageId: `${messageId}-replayed`,
      topic: OUTBOX_TOPICS.setPasswordLinkCreated,
      payload: event,
      createdAt: new Date().toISOString(),
    });
    await h.idle();
    expect(h.sink.mails).toHaveLength(1);
  });

  it.each([
    ['used already', { usedAt: new Date(NOW.getTime() - HOUR) }],
    ['expired', { expiresAt: new Date(NOW.getTime() - 1) }],
    ['of a disabled log-in', { disabled: true }],
  ])('does not mail a link %s, and erases its token all the same', async (_, options) => {
    const { event } = await linkFor(`not-${randomBytes(3).toString('hex')}@dupont.test`, options);
    const messageId = await publish(event);
    expect(h.sink.mails).toHaveLength(0);
    expect(await keptToken(messageId)).toEqual({ row: '', job: '' });
  });

  it('gives up on an address the server refuses for good, without retrying, and erases the token', async () => {
    h.sink.refused.add('gone@dupont.test');
    try {
      const { event } = await linkFor('gone@dupont.test');
      const messageId = await publish(event);
      expect(h.sink.mails).toHaveLength(0);
      expect(await keptToken(messageId)).toEqual({ row: '', job: '' });
      const [stored] = (await h.db.query(`SELECT mailed_at FROM set_password_link WHERE id = $1`, [
        event.linkId,
      ])) as [{ mailed_at: Date | null }];
      expect(stored.mailed_at).toBeNull();
    } finally {
      h.sink.refused.delete('gone@dupont.test');
    }
  });

  it('writes French and Dutch when the organisations name no language it knows', async () => {
    const { event } = await linkFor('plain@dupont.test', { languages: ['xx'] });
    await publish(event);
    expect(h.sink.mails[0]!.subject).toBe('Certdesk: choisissez votre mot de passe / kies uw wachtwoord');
  });
});
