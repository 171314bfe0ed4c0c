// The mail catcher's inbox: a folder of .eml files, one per message, named by the instant it arrived so the
// names sort in arrival order. A person can open the folder directly; the page in inbox-page.ts reads it too.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';

/** `20260123T101530123Z-1a2b3c4d`: arrival instant (UTC, ms) and a random suffix. */
const MESSAGE_ID = /^[0-9]{8}T[0-9]{9}Z-[0-9a-f]{8}$/;

export interface StoredMessageSummary {
  id: string;
  receivedAt: Date;
  from: string;
  to: string;
  subject: string;
}

export interface StoredMessage extends StoredMessageSummary {
  text: string | null;
  html: string | null;
}

export interface Envelope {
  mailFrom: string | null;
  rcptTo: string[];
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(', ');
}

function receivedAtOf(id: string): Date {
  const stamp = id.slice(0, 19); // 20260123T101530123Z
  return new Date(
    `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:` +
      `${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`,
  );
}

export class MailStore {
  /** Files never change once written, so what was read from one can be kept. */
  private readonly summaries = new Map<string, StoredMessageSummary>();

  constructor(readonly directory: string) {}

  async ensureDirectory(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
  }

  /**
   * Writes the message as received, after the envelope as trace headers (`Return-Path`, `Delivered-To`) the way
   * a delivering mail server adds them, so Bcc recipients show. Written under a temporary name, then renamed:
   * the inbox never lists half a message.
   */
  async save(raw: Buffer, envelope: Envelope, now: Date = new Date()): Promise<string> {
    const stamp = now.toISOString().replace(/[-:.]/g, '');
    const id = `${stamp}-${randomBytes(4).toString('hex')}`;
    const trace =
      `Return-Path: <${envelope.mailFrom ?? ''}>\r\n` +
      envelope.rcptTo.map((recipient) => `Delivered-To: ${recipient}\r\n`).join('');
    const file = join(this.directory, `${id}.eml`);
    const partial = join(this.directory, `.${id}.eml.partial`);
    await writeFile(partial, Buffer.concat([Buffer.from(trace, 'utf8'), raw]));
    await rename(partial, file);
    return id;
  }

  /** Newest first. */
  async list(limit = Number.POSITIVE_INFINITY): Promise<{ total: number; messages: StoredMessageSummary[] }> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { total: 0, messages: [] };
      throw error;
    }
    const ids = names
      .filter((name) => name.endsWith('.eml'))
      .map((name) => name.slice(0, -'.eml'.length))
      .filter((id) => MESSAGE_ID.test(id))
      .sort()
      .reverse();
    const messages: StoredMessageSummary[] = [];
    for (const id of ids.slice(0, limit)) {
      const cached = this.summaries.get(id);
      if (cached) {
        messages.push(cached);
        continue;
      }
      const message = await this.read(id);
      if (message === null) continue;
      const summary: StoredMessageSummary = {
        id,
        receivedAt: message.receivedAt,
        from: message.from,
        to: message.to,
        subject: message.subject,
      };
      this.summaries.set(id, summary);
      messages.push(summary);
    }
    return { total: ids.length, messages };
  }

  /** The raw .eml, or null for an unknown (or malformed) id. */
  async raw(id: string): Promise<Buffer | null> {
    if (!MESSAGE_ID.test(id)) return null;
    try {
      return await readFile(join(this.directory, `${id}.eml`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async read(id: string): Promise<StoredMessage | null> {
    const raw = await this.raw(id);
    if (raw === null) return null;
    const parsed = await simpleParser(raw, { skipImageLinks: true });
    const deliveredTo = parsed.headers.get('delivered-to');
    return {
      id,
      receivedAt: receivedAtOf(id),
      from: addresses(parsed.from),
      to:
        addresses(parsed.to) ||
        (Array.isArray(deliveredTo) ? deliveredTo.join(', ') : String(deliveredTo ?? '')),
      subject: parsed.subject ?? '',
      text: parsed.text ?? null,
      html: typeof parsed.html === 'string' ? parsed.html : null,
    };
  }
}
