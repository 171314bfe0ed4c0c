import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ReminderRunCounts } from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AccessPolicy } from '../../access/access-policy.js';
import { NotFoundError } from '../../common/errors.js';
import type { ReminderRunDto } from '../reminders.dto.js';

export class ListReminderRunsQuery extends Query<ReminderRunDto[]> {
  constructor(
    readonly actor: Actor,
    readonly limit: number,
  ) {
    super();
  }
}

export class GetReminderRunQuery extends Query<ReminderRunDto> {
  constructor(
    readonly actor: Actor,
    readonly runId: string,
  ) {
    super();
  }
}

interface RunRow {
  id: string;
  trigger: string;
  requested_by_id: string | null;
  requested_by_label: string | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  counts: ReminderRunCounts | null;
  error: string | null;
  queued: number;
  sent: number;
  failed: number;
  cancelled: number;
}

/** The runs, newest first, with who asked and where their deliveries are now: one query, counts grouped per run. */
function runsSql(where: string): string {
  return `SELECT run.*, coalesce(s.queued, 0)::int AS queued, coalesce(s.sent, 0)::int AS sent,
                 coalesce(s.failed, 0)::int AS failed, coalesce(s.cancelled, 0)::int AS cancelled,
                 p.name || ' <' || u.email || '>' AS requested_by_label
            FROM (SELECT * FROM reminder_run ${where} ORDER BY requested_at DESC, id DESC LIMIT $1) run
            LEFT JOIN app_user u ON u.id = run.requested_by_id
            LEFT JOIN person p ON p.id = u.person_id
            LEFT JOIN LATERAL (
              SELECT count(*) FILTER (WHERE d.state = 'queued') AS queued,
                     count(*) FILTER (WHERE d.state = 'sent') AS sent,
                     count(*) FILTER (WHERE d.state = 'failed') AS failed,
                     count(*) FILTER (WHERE d.state = 'cancelled') AS cancelled
                FROM reminder r JOIN reminder_delivery d ON d.reminder_id = r.id
               WHERE r.run_id = run.id
            ) s ON TRUE
           ORDER BY run.requested_at DESC, run.id DESC`;
}

/** Runs are the central administrators' (they start them and see every organisation's mail in them). */
@QueryHandler(ListReminderRunsQuery)
export class ListReminderRunsHandler implements IQueryHandler<ListReminderRunsQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ actor, limit }: ListReminderRunsQuery): Promise<ReminderRunDto[]> {
    this.access.require(actor, 'reminder.run', null, 'reminder run');
    const rows = (await this.db.query(runsSql(''), [limit])) as RunRow[];
    return rows.map(toDto);
  }
}

@QueryHandler(GetReminderRunQuery)
export class GetReminderRunHandler implements IQueryHandler<GetReminderRunQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ actor, runId }: GetReminderRunQuery): Promise<ReminderRunDto> {
    this.access.require(actor, 'reminder.run', null, 'reminder run');
    const [row] = (await this.db.query(runsSql('WHERE id = $2'), [1, runId])) as RunRow[];
    if (!row) throw new NotFoundError('reminder run');
    return toDto(row);
  }
}

function toDto(row: RunRow): ReminderRunDto {
  return {
    id: row.id,
    trigger: row.trigger,
    requestedById: row.requested_by_id,
    requestedBy: row.requested_by_label,
    requestedAt: row.requested_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    counts: row.counts,
    deliveries: { queued: row.queued, sent: row.sent, failed: row.failed, cancelled: row.cancelled },
    error: row.error,
  };
}
