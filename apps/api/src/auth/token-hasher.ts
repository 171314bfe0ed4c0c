import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * Bearer tokens are 256 random bits; only their HMAC (keyed by TOKEN_SECRET) is stored, so a copy of the
 * database alone cannot be turned into working tokens.
 */
@Injectable()
export class TokenHasher {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  newToken(prefix: string): string {
    return `${prefix}_${randomBytes(32).toString('base64url')}`;
  }

  hash(token: string): string {
    return createHmac('sha256', this.config.tokenSecret).update(token).digest('hex');
  }

  /** A keyed digest of `parts`, for secrets derived rather than stored (the calendar feed URL). */
  derive(...parts: string[]): string {
    return createHmac('sha256', this.config.tokenSecret).update(parts.join('\u0000')).digest('base64url');
  }

  equals(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
