// Where the PIN comes from when the card has no protected authentication path (no middleware dialog, no
// pinpad): the local user, through a configured program or the bridge's terminal. Never over HTTP; the PIN
// is handed straight to C_Login and never logged.
import { spawn } from 'node:child_process';
import { read } from 'read';
import { CardBridgeError } from '../errors.js';

export interface PinRequest {
  /** The card key that will be used: 'Authentication' (log-in) or 'Signature' (documents). */
  keyLabel: string;
  /** What the PIN unlocks, in a sentence for the card holder, e.g. "Sign: Handover of 3 certificates". */
  purpose: string;
}

export interface PinEntry {
  /** Resolves to the PIN; rejects with PIN_CANCELLED or PIN_ENTRY_UNAVAILABLE. */
  askPin(request: PinRequest): Promise<string>;
}

export const DEFAULT_PIN_TIMEOUT_MS = 120_000;
const MAX_PIN_PROGRAM_OUTPUT = 256;

function cancelled(why: string): CardBridgeError {
  return new CardBridgeError('PIN_CANCELLED', `The PIN entry was cancelled (${why}).`);
}

/**
 * Runs a pin-entry program: what it prints on stdout (one line) is the PIN; a non-zero exit means the user
 * cancelled. It gets the request in CERTDESK_PIN_KEY and CERTDESK_PIN_PURPOSE, and no arguments.
 */
export class ProgramPinEntry implements PinEntry {
  constructor(
    private readonly program: string,
    private readonly timeoutMs = DEFAULT_PIN_TIMEOUT_MS,
  ) {}

  askPin(request: PinRequest): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.program, [], {
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { ...process.env, CERTDESK_PIN_KEY: request.keyLabel, CERTDESK_PIN_PURPOSE: request.purpose },
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
          new CardBridgeError(
            'PIN_ENTRY_UNAVAILABLE',
            `The PIN program ${this.program} could not be started (${error.code ?? error.message}).`,
          ),
        ),
      );
      child.on('close', (code, signal) => {
        if (signal) return reject(cancelled(`the PIN program was stopped by ${signal}`));
        if (code !== 0) return reject(cancelled(`the PIN program exited with ${code}`));
        if (size > MAX_PIN_PROGRAM_OUTPUT) return reject(cancelled('the PIN program printed too much'));
        const pin = Buffer.concat(chunks)
          .toString('utf8')
          .replace(/\r?\n$/, '');
        if (pin === '') return reject(cancelled('the PIN program printed no PIN'));
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
    if (!this.input.isTTY) {
      throw new CardBridgeError(
        'PIN_ENTRY_UNAVAILABLE',
        'This card needs its PIN typed on this PC, but the bridge runs without a terminal: start it in a terminal or configure a PIN program (--pin-program).',
      );
    }
    this.output.write(`\n${request.purpose}\n`);
    try {
      const pin = await read({
        prompt: `eID PIN (${request.keyLabel} key): `,
        silent: true,
        replace: '*',
        input: this.input,
        output: this.output,
        timeout: this.timeoutMs,
      });
      if (pin === '') throw cancelled('no PIN was typed');
      return pin;
    } catch (error) {
      if (error instanceof CardBridgeError) throw error;
      throw cancelled(error instanceof Error ? error.message : 'the prompt was closed');
    }
  }
}
