import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryPrepared, type UserRole } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { actorByTokenSql, type RequestOrigin } from './actor-by-token-sql.js';
import { TokenHasher } from './token-hasher.js';

interface ActorRow {
  token_id: string;
  user_id: string;
  email: string;
  person_id: string;
  name: string;
  ssin: string | null;
  roles: { role: UserRole; organisationId: string | null }[];
}

/**
 * Turns a bearer token into the Actor behind it, or null when the token is unknown, revoked or expired, or its user
 * disabled. Read afresh on every request (nothing cached), so a log-out or a disabled user takes effect at once.
 */
@Injectable()
export class ActorLoader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenHasher,
  ) {}

  async fromToken(token: string, now = new Date(), origin?: RequestOrigin): Promise<Actor | null> {
    const [row] = await queryPrepared<ActorRow>(
      this.db,
      actorByTokenSql(this.tokens.hash(token), now, origin),
    );
    return row ? toActor(row) : null;
  }
}

function toActor(row: ActorRow): Actor {
  const roles = new Map<string, Set<Exclude<UserRole, 'central-admin'>>>();
  let centralAdmin = false;
  for (const { role, organisationId } of row.roles) {
    if (role === 'central-admin') centralAdmin = true;
    else if (organisationId !== null) {
      const set = roles.get(organisationId) ?? new Set();
      set.add(role);
      roles.set(organisationId, set);
    }
  }
  return {
    userId: row.user_id,
    personId: row.person_id,
    name: row.name,
    email: row.email,
    ssin: row.ssin,
    centralAdmin,
    roles,
    tokenId: row.token_id,
  };
}
