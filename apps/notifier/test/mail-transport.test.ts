// The notifier's SMTP client runs in a thread of its own (src/delivery/smtp-sender.worker.mjs): what a send does must
// not depend on that, on a real SMTP server on loopback. A server's refusal keeps what says why (the reply code and
// the command, which decide between "flag the address" and "retry"); a shutdown lets a mail in flight finish, and
// rejects it as retryable if it does not in time; the transport starts a new thread for the next mail.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../src/config/config.js';
import { MailTransport } from '../src/delivery/mail-transport.js';
import { classifySmtpFailure } from '../src/delivery/smtp-failure.js';
import { SmtpSink } from './support/smtp-sink.js';

const mail = (to: string, messageId: string) => ({
  to,
  subject: 'Certificats à renouveler',
  text: 'Bonjour,\nvotre certificat expire le 3 janvier 2027.',
  html: '<p>Bonjour,</p><p>votre certificat expire le 3&nbsp;janvier 2027.</p>',
  messageId,
  headers: { 'X-Certdesk-Mail': 'digest' },
});

describe('the SMTP client thread', () => {
  const sink = new SmtpSink();
  let transport: MailTransport;

  beforeAll(async () => {
    await sink.start();
    const config = loadConfig({
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SMTP_URL: sink.url,
      MAIL_FROM: 'Certdesk <reminders@certdesk.test>',
      PUBLIC_URL: 'https://certdesk.test',
      SMTP_MAX_CONNECTIONS: '2',
    });
    transport = new MailTransport(config);
  });

  afterAll(async () => {
    await transport.onApplicationShutdown();
    await sink.stop();
  });

  it('sends what it is given, as an automatic mail with its Message-ID', async () => {
    const answer = await transport.send(mail('info@ambulance.test', '<digest-1@certdesk.test>'));
    expect(answer.messageId).toBe('<digest-1@certdesk.test>');
    expect(answer.response).toMatch(/^250/);
    await sink.settled();
    const [received] = sink.mails;
    expect(received).toMatchObject({
      to: 'info@ambulance.test',
      subject: 'Certificats à renouveler',
      messageId: '<digest-1@certdesk.test>',
      kind: 'digest',
    });
    expect(received!.text).toContain('3 janvier 2027');
  });

  it("keeps the server's refusal: a 550 to RCPT TO is the address refused for good", async () => {
    sink.refused.add('left@ambulance.test');
    const error = await transport
      .send(mail('left@ambulance.test', '<digest-2@certdesk.test>'))
      .catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(classifySmtpFailure(error)).toEqual({
      addressRejected: true,
      serverUnavailable: false,
      message: expect.stringContaining('550'),
    });
  });

  it('lets a mail in flight finish when it shuts down: accepted meanwhile, it is answered as sent', async () => {
    const held = sink.holdNextMailFrom();
    const inFlight = transport.send(mail('info@ambulance.test', '<digest-5@certdesk.test>'));
    const release = await held;
    const shutdown = transport.onApplicationShutdown();
    release();
    expect((await inFlight).messageId).toBe('<digest-5@certdesk.test>');
    await shutdown;
    await sink.settled();
    expect(sink.mails.map((m) => m.messageId)).toContain('<digest-5@certdesk.test>');
  });

  it('rejects a mail in flight as retryable when it shuts down, and sends the next one on a new thread', async () => {
    const held = sink.holdNextMailFrom();
    const inFlight = transport.send(mail('info@ambulance.test', '<digest-3@certdesk.test>')).catch((e) => e);
    const release = await held;
    await transport.onApplicationShutdown();
    const error = await inFlight;
    release();
    expect(error).toBeInstanceOf(Error);
    expect(classifySmtpFailure(error).addressRejected).toBe(false);

    const answer = await transport.send(mail('info@ambulance.test', '<digest-4@certdesk.test>'));
    expect(answer.messageId).toBe('<digest-4@certdesk.test>');
    await sink.settled();
    const sent = sink.mails.map((m) => m.messageId);
    expect(sent).toContain('<digest-4@certdesk.test>');
    expect(sent).not.toContain('<digest-3@certdesk.test>');
  });
});
