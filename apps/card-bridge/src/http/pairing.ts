// Pairing: a one-time code shown on the bridge's own terminal is exchanged for a token that every other
// request must carry. Only someone who sees this PC's screen can pair a browser; a code dies after a few
// wrong tries or minutes, and tokens are bound to the origin that paired.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { CardBridgeError } from '../errors.js';

export interface PairingOptions {
  /** Shows the code to the person at this PC (the terminal); never sent over HTTP. */
  showCode: (code: string, expiresAt: Date) => void;
  codeLifetimeMs?: number;
  maxAttemptsPerCode?: number;
  tokenLifetimeMs?: number;
  /** At most this many codes per `codeWindowMs`. */
  maxCodesPerWindow?: number;
  codeWindowMs?: number;
  now?: () => number;
}

interface LiveCode {
  hash: Buffer;
  expiresAt: number;
  attemptsLeft: number;
}

interface PairedToken {
  origin: string;
  expiresAt: number;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export class Pairing {
  private code: LiveCode | null = null;
  private readonly codesIssuedAt: number[] = [];
  /** By the SHA-256 of the token, hex: the token itself is not kept. */
  private readonly tokens = new Map<string, PairedToken>();
  private readonly codeLifetimeMs: number;
  private readonly maxAttempts: number;
  private readonly tokenLifetimeMs: number;
  private readonly maxCodesPerWindow: number;
  private readonly codeWindowMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PairingOptions) {
    this.codeLifetimeMs = options.codeLifetimeMs ?? 5 * 60_000;
    this.maxAttempts = options.maxAttemptsPerCode ?? 5;
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? 12 * 60 * 60_000;
    this.maxCodesPerWindow = options.maxCodesPerWindow ?? 5;
    this.codeWindowMs = options.codeWindowMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Makes a new code (replacing any live one) and shows it locally. */
  issueCode(): { expiresAt: Date } {
    const now = this.now();
    while (this.codesIssuedAt.length && this.codesIssuedAt[0]! <= now - this.codeWindowMs)
      this.codesIssuedAt.shift();
    if (this.codesIssuedAt.length >= this.maxCodesPerWindow) {
      throw new CardBridgeError(
        'PAIRING_RATE_LIMITED',
        'Too many pairing codes were asked for: wait a few minutes.',
      );
    }
    this.codesIssuedAt.push(now);
    const digits = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const expiresAt = now + this.codeLifetimeMs;
    this.code = { hash: sha256(digits), expiresAt, attemptsLeft: this.maxAttempts };
    this.options.showCode(`${digits.slice(0, 4)} ${digits.slice(4)}`, new Date(expiresAt));
    return { expiresAt: new Date(expiresAt) };
  }

  /** Exchanges the code for a token bound to `origin`. The code works once. */
  pair(code: string, origin: string): { token: string; expiresAt: Date } {
    const now = this.now();
    const live = this.code;
    if (!live || live.expiresAt <= now || live.attemptsLeft <= 0) {
      this.code = null;
      throw new CardBridgeError(
        'PAIRING_CODE_EXPIRED',
        'No pairing code is waiting (it expired, was used, or had too many wrong tries): ask for a new one.',
      );
    }
    if (!timingSafeEqual(sha256(code.replace(/[\s-]/g, '')), live.hash)) {
      live.attemptsLeft--;
      if (live.attemptsLeft <= 0) this.code = null;
      throw new CardBridgeError(
        'PAIRING_CODE_INVALID',
        live.attemptsLeft > 0
          ? `The pairing code is wrong (${live.attemptsLeft} tries left).`
          : 'The pairing code is wrong, and that was its last try: ask for a new one.',
      );
    }
    this.code = null;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.tokenLifetimeMs;
    this.tokens.set(sha256(token).toString('hex'), { origin, expiresAt });
    return { token, expiresAt: new Date(expiresAt) };
  }

  /** Whether `token` was issued to `origin` and is still valid. */
  isValid(token: string, origin: string): boolean {
    const key = sha256(token).toString('hex');
    const paired = this.tokens.get(key);
    if (!paired) return false;
    if (paired.expiresAt <= this.now()) {
      this.tokens.delete(key);
      return false;
    }
    return paired.origin === origin;
  }
}
