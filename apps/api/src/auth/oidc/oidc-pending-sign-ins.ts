import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { RedisConnection } from '../../redis/redis.provider.js';

/** A sign-in sent to the provider, waiting for its answer: what the answer must match. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** SHA-256 of the browser binding cookie set when it started: the answer must come back to that browser. */
  browserHash: string;
}

/** A proven sign-in the dashboard turns into a session: the log-ins it may open (several: the user picks one). */
export interface SignInTicket {
  userIds: string[];
}

/** The provider must answer within this (a user typing their password, a second factor). */
const PENDING_TTL_SECONDS = 10 * 60;
/** The dashboard exchanges the ticket at once, or after the user picked one of several log-ins. */
const TICKET_TTL_SECONDS = 5 * 60;
/** What openid-client's randomState() and our tickets look like: 43 base64url characters. Anything else is refused unread. */
const RANDOM_VALUE = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Sign-ins under way and proven, in Redis (shared by every api replica), each used once: a GETDEL reads and removes
 * a pending sign-in in one step, so of two answers carrying one state, on any replica, exactly one goes on. Keys are
 * hashes of the values, so Redis holds nothing a browser could present.
 */
@Injectable()
export class OidcPendingSignIns {
  private readonly prefix: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly redis: RedisConnection,
  ) {
    this.prefix = `${config.queuePrefix}:oidc`;
  }

  /** A new sign-in's one-time values, recorded; `browser` is the value of the cookie that binds it to the browser. */
  async start(): Promise<{ pending: PendingSignIn; browser: string }> {
    const browser = randomBytes(32).toString('base64url');
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      browserHash: sha256(browser),
    };
    await this.redis.client.set(
      this.key('pending', pending.state),
      JSON.stringify(pending),
      'EX',
      PENDING_TTL_SECONDS,
    );
    return { pending, browser };
  }

  /** The sign-in this state started, removed (so a replay finds nothing); null when unknown, used or expired. */
  async take(state: string): Promise<PendingSignIn | null> {
    if (!RANDOM_VALUE.test(state)) return null;
    const stored = await this.redis.client.getdel(this.key('pending', state));
    return stored ? (JSON.parse(stored) as PendingSignIn) : null;
  }

  browserMatches(pending: PendingSignIn, browser: string | undefined): boolean {
    return browser !== undefined && sha256(browser) === pending.browserHash;
  }

  async issueTicket(ticket: SignInTicket): Promise<string> {
    const value = randomBytes(32).toString('base64url');
    await this.redis.client.set(this.key('ticket', value), JSON.stringify(ticket), 'EX', TICKET_TTL_SECONDS);
    return value;
  }

  async readTicket(value: string): Promise<SignInTicket | null> {
    if (!RANDOM_VALUE.test(value)) return null;
    const stored = await this.redis.client.get(this.key('ticket', value));
    return stored ? (JSON.parse(stored) as SignInTicket) : null;
  }

  /** Uses the ticket up; false when another request did first. */
  async spendTicket(value: string): Promise<boolean> {
    return (await this.redis.client.del(this.key('ticket', value))) === 1;
  }

  private key(kind: 'pending' | 'ticket', value: string): string {
    return `${this.prefix}:${kind}:${sha256(value)}`;
  }
}
