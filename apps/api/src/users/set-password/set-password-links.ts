import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserEntity } from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { TokenHasher } from '../../auth/token-hasher.js';
import { ConflictError } from '../../common/errors.js';
import { mailLanguages } from '../../common/mail-languages.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../core/clock.js';
import { Outbox } from '../../outbox/outbox.js';
import { UsersRepository } from '../users.repository.js';
import { SetPasswordLinksRepository } from './set-password-links.repository.js';

/** How long a set-password link works: long enough for a weekend, short enough that an old mail is harmless. */
export const SET_PASSWORD_LINK_TTL_HOURS = 72;

export interface IssuedLink {
  linkId: string;
  email: string;
  expiresAt: Date;
}

/**
 * Issues a set-password link for a log-in, in the caller's transaction: the link (its token's HMAC only), the outbox
 * message the notifier mails it from, and an audit event in each organisation the actor administers it in. Any older
 * link of the log-in stops working. Whether the actor may do so is the caller's to check (as for a password reset).
 * With PASSWORD_LOGIN=off none is issued: the mail would invite someone to choose a password that opens nothing.
 */
@Injectable()
export class SetPasswordLinks {
  constructor(
    private readonly links: SetPasswordLinksRepository,
    private readonly users: UsersRepository,
    private readonly tokens: TokenHasher,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(
    manager: EntityManager,
    actor: Actor,
    user: UserEntity,
    name: string,
    auditedIn: (string | null)[],
  ): Promise<IssuedLink> {
    if (!this.config.passwordLogin) {
      throw new ConflictError(
        'PASSWORD_LOGIN_OFF',
        'this installation signs in with single sign-on or the eID: a password would open no session, so no ' +
          'set-password link is sent',
      );
    }
    const now = this.clock.now();
    const token = this.tokens.newToken('cdl');
    const expiresAt = new Date(now.getTime() + SET_PASSWORD_LINK_TTL_HOURS * 3600_000);
    await this.links.revokeOpen(manager, user.id, now);
    const link = await this.links.create(manager, {
      userId: user.id,
      tokenHash: this.tokens.hash(token),
      expiresAt,
    });
    const organisations = await this.users.organisationLanguagesOf(manager, user.id);
    await this.outbox.add(manager, 'user.set-password-link-created', {
      linkId: link.id,
      userId: user.id,
      email: user.email,
      name,
      organisationNames: organisations.map((o) => o.name),
      languages: mailLanguages(organisations.flatMap((o) => o.languages)),
      token,
      expiresAt: expiresAt.toISOString(),
    });
    for (const organisationId of auditedIn.length ? auditedIn : [null]) {
      await this.audit.append(manager, actor, {
        action: 'user.set-password-link-sent',
        organisationId,
        after: { userId: user.id, email: user.email, expiresAt: expiresAt.toISOString() },
      });
    }
    return { linkId: link.id, email: user.email, expiresAt };
  }
}
