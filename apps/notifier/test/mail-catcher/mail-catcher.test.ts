// The mail catcher as `npm start` uses it: a real SMTP server on loopback, real mails sent with nodemailer,
// the .eml files on disk and the page a person opens.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { mailCatcherConfig, DEFAULT_MAIL_DIRECTORY } from '../../src/mail-catcher/config.js';
import { startMailCatcher, type MailCatcher } from '../../src/mail-catcher/mail-catcher.js';
import { renderDigest } from '../../src/templates/index.js';
import { reminderLine } from '../templates/reminder-line.js';

let directory: string;
let catcher: MailCatcher;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'certdesk-mail-catcher-'));
  catcher = await startMailCatcher({ directory, smtpPort: 0, httpPort: 0 });
});

afterAll(async () => {
  await catcher?.close();
  await rm(directory, { recursive: true, force: true });
});

async function send(message: { to: string; bcc?: string; subject: string; text: string; html?: string }) {
  const transport = createTransport(catcher.smtpUrl);
  try {
    return await transport.sendMail({ from: 'Certdesk <reminders@certdesk.example.be>', ...message });
  } finally {
    transport.close();
  }
}

async function emlFiles(): Promise<string[]> {
  return (await readdir(directory)).filter((name) => name.endsWith('.eml')).sort();
}

async function get(path: string, init?: RequestInit) {
  const response = await fetch(new URL(path, catcher.pageUrl), init);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('the mail catcher', () => {
  const digest = renderDigest({
    languages: ['fr', 'nl'],
    organisationNames: ['Cliniques & Co'],
    lines: [reminderLine({ holderName: '<script>alert(1)</script>' })],
  });

  it('listens on loopback and says where', () => {
    const { smtp, page } = catcher.listening();
    expect([smtp.address, page.address]).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(catcher.smtpUrl).toBe(`smtp://127.0.0.1:${smtp.port}`);
    expect(catcher.pageUrl).toBe(`http://127.0.0.1:${page.port}/`);
  });

  it('keeps a reminder sent with nodemailer as an .eml file, envelope recipients included', async () => {
    const before = await emlFiles();
    const info = await send({
      to: 'info@cliniques.example.be',
      bcc: 'admin@certdesk.example.be',
      subject: digest.subject,
      text: digest.text,
      html: digest.html,
    });
    expect(info.accepted).toEqual(['info@cliniques.example.be', 'admin@certdesk.example.be']);

    const added = (await emlFiles()).filter((name) => !before.includes(name));
    expect(added).toHaveLength(1);
    const eml = await readFile(join(directory, added[0]!), 'utf8');
    expect(eml).toContain('Return-Path: <reminders@certdesk.example.be>');
    expect(eml).toContain('Delivered-To: info@cliniques.example.be');
    expect(eml).toContain('Delivered-To: admin@certdesk.example.be');
    expect(eml).toContain('To: info@cliniques.example.be');
    expect(eml).toContain('Content-Type: multipart/alternative');
  });

  it('lists it on the page, newest first, with its date, recipient and subject', async () => {
    await send({ to: 'later@example.be', subject: 'Second <b>mail</b> & more', text: 'hello' });
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('2 messages');
    expect(page.body).toContain('Second &lt;b&gt;mail&lt;/b&gt; &amp; more');
    expect(page.body).toContain('later@example.be');
    expect(page.body).toContain('info@cliniques.example.be');
    expect(page.body).toContain(digest.subject);
    expect(page.body.indexOf('later@example.be')).toBeLessThan(
      page.body.indexOf('info@cliniques.example.be'),
    );
    expect(page.body).toMatch(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2}/);

    const listed = JSON.parse((await get('/messages.json')).body) as {
      total: number;
      messages: { id: string; to: string; subject: string }[];
    };
    expect(listed.total).toBe(2);
    expect(listed.messages.map((message) => message.subject)).toEqual([
      'Second <b>mail</b> & more',
      digest.subject,
    ]);
  });

  it('opens a message: its text, and its HTML in a sandboxed frame', async () => {
    const listed = JSON.parse((await get('/messages.json')).body) as {
      messages: { id: string; subject: string }[];
    };
    const reminder = listed.messages.find((message) => message.subject === digest.subject)!;

    const page = await get(`/messages/${reminder.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Phase 1 – « Renouvelez votre certificat eHealth »');
    expect(page.body).toContain('Fase 1 – „Vernieuw uw eHealth-certificaat”');
    expect(page.body).toContain('Titulaire: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain(
      `<iframe sandbox title="The message's HTML" src="/messages/${reminder.id}/html">`,
    );

    const html = await get(`/messages/${reminder.id}/html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
    expect(html.body).toContain('Cliniques &amp; Co');
    expect(html.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    const raw = await get(`/messages/${reminder.id}.eml`);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(raw.body).toContain('Delivered-To: info@cliniques.example.be');
  });

  it('a text-only message says it has no HTML', async () => {
    const listed = JSON.parse((await get('/messages.json')).body) as {
      messages: { id: string; subject: string }[];
    };
    const plain = listed.messages.find((message) => message.subject.startsWith('Second'))!;
    expect((await get(`/messages/${plain.id}`)).body).toContain('No HTML part.');
    expect((await get(`/messages/${plain.id}/html`)).status).toBe(404);
  });

  it('serves nothing but its messages, and changes nothing', async () => {
    for (const path of [
      '/messages/..%2F..%2Fetc%2Fpasswd',
      '/messages/20260101T000000000Z-00000000',
      '/nothing',
      '/messages/x.eml',
    ]) {
      expect((await get(path)).status).toBe(404);
    }
    expect((await get('/', { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await get('/health')).body).toBe('ok\n');
  });

  it('ignores files in the folder that are not its messages', async () => {
    await writeFile(join(directory, 'notes.txt'), 'not a mail');
    await writeFile(join(directory, 'random.eml'), 'Subject: hand-made\r\n\r\nhi');
    const listed = JSON.parse((await get('/messages.json')).body) as { total: number };
    expect(listed.total).toBe(2);
  });
});

describe('starting the mail catcher', () => {
  let second: MailCatcher | undefined;
  afterEach(async () => {
    await second?.close();
    second = undefined;
  });

  it('refuses an address other than loopback', async () => {
    await expect(startMailCatcher({ directory, smtpPort: 0, httpPort: 0, host: '0.0.0.0' })).rejects.toThrow(
      /loopback only/,
    );
  });

  it('says which port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      await expect(startMailCatcher({ directory, smtpPort: 0, httpPort: taken })).rejects.toThrow(
        `The mail catcher's HTTP port ${taken} is in use: choose another (MAIL_CATCHER_HTTP_PORT).`,
      );
    } finally {
      blocker.close();
    }
  });

  it('creates its folder when it is missing', async () => {
    const fresh = join(directory, 'nested', 'mail');
    second = await startMailCatcher({ directory: fresh, smtpPort: 0, httpPort: 0 });
    expect(await readdir(fresh)).toEqual([]);
    expect((await fetch(new URL('/health', second.pageUrl))).status).toBe(200);
    expect(second.pageUrl).not.toBe(catcher.pageUrl);
  });
});

describe('mailCatcherConfig', () => {
  it('defaults to .certdesk/mail at the repository root and ports 1025 / 1080', () => {
    expect(mailCatcherConfig({})).toEqual({
      directory: DEFAULT_MAIL_DIRECTORY,
      host: '127.0.0.1',
      smtpPort: 1025,
      httpPort: 1080,
    });
    expect(DEFAULT_MAIL_DIRECTORY).toMatch(/[/\\]\.certdesk[/\\]mail[/\\]?$/);
    expect(DEFAULT_MAIL_DIRECTORY).not.toContain(`${join('apps', 'notifier')}`);
  });

  it('reads the environment', () => {
    expect(
      mailCatcherConfig({
        MAIL_CATCHER_DIR: '/tmp/m',
        MAIL_CATCHER_SMTP_PORT: '2525',
        MAIL_CATCHER_HTTP_PORT: '0',
      }),
    ).toEqual({ directory: '/tmp/m', host: '127.0.0.1', smtpPort: 2525, httpPort: 0 });
  });

  it.each(['abc', '-1', '70000', '25.5'])('refuses the port %s', (value) => {
    expect(() => mailCatcherConfig({ MAIL_CATCHER_SMTP_PORT: value })).toThrow(
      /MAIL_CATCHER_SMTP_PORT must be a port number/,
    );
  });
});
