import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccessTokenEntity, UserEntity } from '@certdesk/persistence';
import { TokenHasher } from './token-hasher.js';

/** Opens a log-in session (password or eID): a revocable bearer token with an expiry. */
@Injectable()
export class SessionIssuer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenHasher,
  ) {}

  async open(
    userId: string,
    ttlHours: number,
    now = new Date(),
  ): Promise<{ accessToken: string; expiresAt: string }> {
    const accessToken = this.tokens.newToken('cds');
    const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
    await this.db.transaction(async (manager) => {
      await manager.getRepository(AccessTokenEntity).insert({
        userId,
        kind: 'session',
        tokenHash: this.tokens.hash(accessToken),
        expiresAt,
      });
      await manager.getRepository(UserEntity).update({ id: userId }, { lastLoginAt: now });
    });
    return { accessToken, expiresAt: expiresAt.toISOString() };
  }
}
