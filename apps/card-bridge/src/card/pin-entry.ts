// Where the PIN comes from when the card has no protected authentication path (no middleware dialog, no
// pinpad), and where a keystore password comes from for a custody check: the local user, through a configured
// program or the bridge's terminal. Never over HTTP; the PIN is handed straight to C_Login, the password to the
// keystore reader, and neither is ever logged.
import { spawn } from 'node:child_process';
import { read } from 'read';
import { CardBridgeError } from '../errors.js';

/** The eID PIN, or an eHealth keystore's password (a custody check). */
export type SecretKind = 'eid-pin' | 'keystore-password';

export interface PinRequest {
  /** The card key that will be used: 'Authentication' (log-in) or 'Signature' (documents); the keystore's file name. */
  keyLabel: string;
  /** What the PIN unlocks, in a sentence for the card holder, e.g. "Sign: Handover of 3 certificates". */
  purpose: string;
  /** Default 'eid-pin'. */
  secret?: SecretKind;
}

export interface PinEntry {
  /** Resolves to the PIN; rejects with PIN_CANCELLED or PIN_ENTRY_UNAVAILABLE. */
  askPin(request: PinRequest): Promise<string>;
}

export const DEFAULT_PIN_TIMEOUT_MS = 120_000;
const MAX_PIN_PROGRAM_OUTPUT = 256;

const SECRET_NAME: Record<SecretKind, string> = {
  'eid-pin': 'PIN',
  'keystore-password': 'keystore password',
};

function cancelled(why: string, secret: SecretKind = 'eid-pin'): CardBridgeError {
  return new CardBridgeError(
    secret === 'eid-pin' ? 'PIN_CANCELLED' : 'KEYSTORE_PASSWORD_CANCELLED',
    `The ${SECRET_NAME[secret]} entry was cancelled (${why}).`,
  );
}

const unavailable = (secret: SecretKind, message: string) =>
  new CardBridgeError(
    secret === 'eid-pin' ? 'PIN_ENTRY_UNAVAILABLE' : 'KEYSTORE_PASSWORD_ENTRY_UNAVAILABLE',
    message,
  );

/**
 * Runs a pin-entry program: what it prints on stdout (one line) is the PIN (or the password); a non-zero exit means
 * the user cancelled. It gets the request in CERTDESK_PIN_KEY, CERTDESK_PIN_PURPOSE and CERTDESK_SECRET
 * (eid-pin or keystore-password), and no arguments.
 */
export class ProgramPinEntry implements PinEntry {
  constructor(
    private readonly program: string,
    private readonly timeoutMs = DEFAULT_PIN_TIMEOUT_MS,
  ) {}

  askPin(request: PinRequest): Promise<string> {
    const secret = request.secret ?? 'eid-pin';
    const name = SECRET_NAME[secret];
    return new Promise((resolve, reject) => {
      const child = spawn(this.program, [], {
        stdio: ['ignore', 'pipe', 'ignore'],
        env: {
          ...process.env,
          CERTDESK_PIN_KEY: request.keyLabel,
          CERTDESK_PIN_PURPOSE: request.purpose,
          CERTDESK_SECRET: secret,
        },
        timeout: this.timeoutMs,
        windowsHide: false,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_PIN_PROGRAM_OUTPUT) chunks.push(chunk);
      });
      child.on('error', (error: NodeJS.ErrnoException) =>
        reject(
          unavailable(
            secret,
            `The ${name} program ${this.program} could not be started (${error.code ?? error.message}).`,
          ),
        ),
      );
      child.on('close', (code, signal) => {
        if (signal) return reject(cancelled(`the ${name} program was stopped by ${signal}`, secret));
        if (code !== 0) return reject(cancelled(`the ${name} program exited with ${code}`, secret));
        if (size > MAX_PIN_PROGRAM_OUTPUT)
          return reject(cancelled(`the ${name} program printed too much`, secret));
        const pin = Buffer.concat(chunks)
          .toString('utf8')
          .replace(/\r?\n$/, '');
        if (pin === '') return reject(cancelled(`the ${name} program printed no ${name}`, secret));
        resolve(pin);
      });
    });
  }
}

/** Asks on the bridge's own terminal, input hidden. Needs an interactive terminal. */
export class TerminalPinEntry implements PinEntry {
  constructor(
    private readonly input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stderr,
    private readonly timeoutMs = DEFAULT_PIN_TIMEOUT_MS,
  ) {}

  async askPin(request: PinRequest): Promise<string> {
    const secret = request.secret ?? 'eid-pin';
    if (!this.input.isTTY) {
      throw unavailable(
        secret,
        secret === 'eid-pin'
          ? 'This card needs its PIN typed on this PC, but the bridge runs without a terminal: start it in a terminal or configure a PIN program (--pin-program).'
          : 'The keystore password must be typed on this PC, but the bridge runs without a terminal: start it in a terminal or configure a password program (--password-program).',
      );
    }
    this.output.write(`\n${request.purpose}\n`);
    try {
      const pin = await read({
        prompt:
          secret === 'eid-pin'
            ? `eID PIN (${request.keyLabel} key): `
            : `Password of the keystore ${request.keyLabel}: `,
        silent: true,
        replace: '*',
        input: this.input,
        output: this.output,
        timeout: this.timeoutMs,
      });
      if (pin === '') throw cancelled(`no ${SECRET_NAME[secret]} was typed`, secret);
      return pin;
    } catch (error) {
      if (error instanceof CardBridgeError) throw error;
      throw cancelled(error instanceof Error ? error.message : 'the prompt was closed', secret);
    }
  }
}
