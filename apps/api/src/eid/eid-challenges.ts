import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EID_AUTHENTICATION_MIN_NONCE_BYTES } from '@certdesk/contracts';
import { fail, ok, type Result } from '@certdesk/domain';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export const EID_CHALLENGE_LIFETIME_MS = 5 * 60_000;

/** Domain separation: the challenge key is derived from TOKEN_SECRET, never TOKEN_SECRET itself. */
const KEY_LABEL = 'certdesk/eid-challenge/v1';
const RANDOM_BYTES = EID_AUTHENTICATION_MIN_NONCE_BYTES;
const EXPIRY_BYTES = 8;
const MAC_BYTES = 32;
const NONCE_BYTES = RANDOM_BYTES + EXPIRY_BYTES + MAC_BYTES;

export type EidNonceRefusal = 'EID_NONCE_UNKNOWN' | 'EID_NONCE_EXPIRED';

export interface OpenedNonce {
  /** SHA-256 (hex) of the nonce's bytes: its key among the used nonces. */
  id: string;
  expiresAt: Date;
}

/**
 * Stateless eID log-in challenges. A nonce is base64 of 32 random bytes, its expiry (ms, 8 bytes big-endian) and an
 * HMAC-SHA-256 over both, keyed by a key derived from TOKEN_SECRET: issuing one writes nothing, so anyone may ask
 * for as many as they like, and only this installation can make one that opens. Single use is the log-in's job
 * (EidUsedNonces).
 */
@Injectable()
export class EidChallenges {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.tokenSecret, '', KEY_LABEL, 32));
  }

  issue(now: Date): { nonce: string; expiresAt: Date } {
    const expiresAt = new Date(now.getTime() + EID_CHALLENGE_LIFETIME_MS);
    const body = Buffer.alloc(RANDOM_BYTES + EXPIRY_BYTES);
    randomBytes(RANDOM_BYTES).copy(body);
    body.writeBigUInt64BE(BigInt(expiresAt.getTime()), RANDOM_BYTES);
    return { nonce: Buffer.concat([body, this.mac(body)]).toString('base64'), expiresAt };
  }

  /** The nonce's expiry, if this installation issued it (the HMAC holds) and it has not expired. */
  open(nonce: string, now: Date): Result<OpenedNonce, EidNonceRefusal> {
    const bytes = Buffer.from(nonce, 'base64');
    // Canonical base64 only: one nonce, one spelling (Node's decoder skips characters it does not know).
    const wellFormed = bytes.length === NONCE_BYTES && bytes.toString('base64') === nonce;
    const body = bytes.subarray(0, RANDOM_BYTES + EXPIRY_BYTES);
    if (!wellFormed || !timingSafeEqual(this.mac(body), bytes.subarray(RANDOM_BYTES + EXPIRY_BYTES))) {
      return fail('EID_NONCE_UNKNOWN', 'This challenge was not issued by Certdesk: ask for a new one.');
    }
    const expiresAt = new Date(Number(body.readBigUInt64BE(RANDOM_BYTES)));
    if (expiresAt <= now) return fail('EID_NONCE_EXPIRED', 'This challenge expired: ask for a new one.');
    return ok({ id: createHash('sha256').update(bytes).digest('hex'), expiresAt });
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}
