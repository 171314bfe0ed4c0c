import {
  Command,
  CommandHandler,
  Query,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { NotFoundError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import { ManagedUsers } from '../../users/managed-users.js';
import type { EndedSessionsDto, SessionDto } from './sessions.dto.js';
import { SessionsRepository } from './sessions.repository.js';

/** The actor's own open sessions, where and when each was last used. */
export class ListMySessionsQuery extends Query<SessionDto[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/** Ends one of the actor's own sessions (another device's, or this one). */
export class EndMySessionCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly sessionId: string,
  ) {
    super();
  }
}

/** An administrator ends every session of a log-in they administer wholly (ASVS 7.4). */
export class EndUserSessionsCommand extends Command<EndedSessionsDto> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
  ) {
    super();
  }
}

@QueryHandler(ListMySessionsQuery)
export class ListMySessionsHandler implements IQueryHandler<ListMySessionsQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ actor }: ListMySessionsQuery): Promise<SessionDto[]> {
    const rows = await this.sessions.open(this.transactions.manager, actor.userId, this.clock.now());
    return rows.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      expiresAt: s.expiresAt!.toISOString(),
      lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
      lastUsedFrom: s.lastUsedIp,
      userAgent: s.lastUsedAgent,
      current: s.id === actor.tokenId,
    }));
  }
}

@CommandHandler(EndMySessionCommand)
export class EndMySessionHandler implements ICommandHandler<EndMySessionCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, sessionId }: EndMySessionCommand): Promise<void> {
    const ended = await this.sessions.end(
      this.transactions.manager,
      actor.userId,
      sessionId,
      this.clock.now(),
    );
    // Someone else's session answers exactly like a missing one.
    if (!ended) throw new NotFoundError('session');
  }
}

@CommandHandler(EndUserSessionsCommand)
export class EndUserSessionsHandler implements ICommandHandler<EndUserSessionsCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly managedUsers: ManagedUsers,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  execute({ actor, userId }: EndUserSessionsCommand): Promise<EndedSessionsDto> {
    const now = this.clock.now();
    return this.transactions.run(async (manager) => {
      // Another tenant's log-in: 404; one shared with organisations the actor does not administer: 403 USER_SHARED.
      const target = await this.managedUsers.load(manager, actor, userId);
      this.managedUsers.requireWhole(actor, target, "end this user's sessions");
      const ended = await this.sessions.endAll(manager, userId, now);
      const after = { userId, email: target.user.email, ended };
      for (const organisationId of this.managedUsers.auditedIn(target)) {
        await this.audit.append(
          manager,
          actor,
          { action: 'user.sessions-ended', organisationId, after },
          now,
        );
      }
      return { ended };
    });
  }
}
