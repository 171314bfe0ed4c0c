import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { AccessPolicy } from '../../access/access-policy.js';
import { UnprocessableError } from '../../common/errors.js';
import { SqlParams } from '../../certificates/list/sql-params.js';
import { certificateLabel } from '../../warnings/list-warnings.query.js';
import {
  REMINDER_PAGE_DEFAULT,
  type ListRemindersQueryDto,
  type ReminderDeliveryDto,
  type ReminderPageDto,
} from '../reminders.dto.js';

export class ListRemindersQuery extends Query<ReminderPageDto> {
  constructor(
    readonly actor: Actor,
    readonly filter: ListRemindersQueryDto,
  ) {
    super();
  }
}

interface Row {
  id: string;
  reminder_id: string;
  organisation_id: string;
  organisation_name: string;
  certificate_id: string;
  identifier_type: string | null;
  identifier_value: string | null;
  application_id: string | null;
  holder_name: string | null;
  milestone: string;
  kind: string;
  recipient: string;
  state: string;
  attempts: number;
  queued_at: Date;
  queued_at_text: string;
  last_attempt_at: Date | null;
  sent_at: Date | null;
  error: string | null;
  run_id: string | null;
  recipient_flagged: boolean;
}

/**
 * Reminder deliveries (one per certificate, milestone, address and kind) with their state, newest first, in
 * keyset pages. Scoped to the organisations whose certificates the actor may read; naming another tenant's
 * organisation answers 404, like a missing one.
 */
@QueryHandler(ListRemindersQuery)
export class ListRemindersHandler implements IQueryHandler<ListRemindersQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  async execute({ actor, filter }: ListRemindersQuery): Promise<ReminderPageDto> {
    if (filter.organisationId)
      this.access.require(actor, 'certificate.read', filter.organisationId, 'organisation');
    const visible = this.access.visibleOrganisationIds(actor, 'certificate.read');
    const limit = filter.limit ?? REMINDER_PAGE_DEFAULT;
    const params = new SqlParams();
    const where: string[] = [];
    if (visible !== null) where.push(`r.organisation_id = ANY(${params.add(visible)}::uuid[])`);
    if (filter.organisationId) where.push(`r.organisation_id = ${params.add(filter.organisationId)}::uuid`);
    if (filter.certificateId) where.push(`r.certificate_id = ${params.add(filter.certificateId)}::uuid`);
    if (filter.runId) where.push(`r.run_id = ${params.add(filter.runId)}::uuid`);
    if (filter.state) where.push(`d.state = ${params.add(filter.state)}`);
    if (filter.cursor) {
      const cursor = decodeCursor(filter.cursor);
      where.push(
        `(d.queued_at, d.id) < (${params.add(cursor.queuedAt)}::timestamptz, ${params.add(cursor.id)}::uuid)`,
      );
    }
    const rows = (await this.db.query(
      `SELECT d.id, d.reminder_id, r.organisation_id, o.name AS organisation_name, r.certificate_id,
              c.identifier_type, c.identifier_value, c.application_id, c.holder_name,
              r.milestone, d.kind, d.recipient, d.state, d.attempts, d.queued_at, d.queued_at::text AS queued_at_text,
              d.last_attempt_at, d.sent_at, d.error, r.run_id,
              EXISTS (SELECT 1 FROM contact k
                       WHERE k.organisation_id = r.organisation_id AND lower(k.email) = d.recipient
                         AND k.delivery_failed_at IS NOT NULL) AS recipient_flagged
         FROM reminder_delivery d
         JOIN reminder r ON r.id = d.reminder_id
         JOIN certificate c ON c.id = r.certificate_id
         JOIN organisation o ON o.id = r.organisation_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.queued_at DESC, d.id DESC
        LIMIT ${params.add(limit + 1)}`,
      params.values,
    )) as Row[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => toDto(row, actor.centralAdmin)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.queued_at_text, last.id) : null,
    };
  }
}

function toDto(row: Row, revealSsin: boolean): ReminderDeliveryDto {
  return {
    id: row.id,
    reminderId: row.reminder_id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    certificateId: row.certificate_id,
    certificateLabel: certificateLabel(row, revealSsin),
    milestone: row.milestone,
    kind: row.kind,
    recipient: row.recipient,
    state: row.state,
    attempts: row.attempts,
    queuedAt: row.queued_at.toISOString(),
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    sentAt: row.sent_at?.toISOString() ?? null,
    error: row.error,
    runId: row.run_id,
    recipientFlagged: row.recipient_flagged,
  };
}

/** The cursor carries the exact (microsecond) queued_at text and the id: base64url, opaque to clients. */
function encodeCursor(queuedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([queuedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { queuedAt: string; id: string } {
  try {
    const [queuedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof queuedAt === 'string' &&
      /^\d{4}-\d{2}-\d{2}[ T][0-9:.]+([+-]\d{2}(:?\d{2})?|Z)?$/.test(queuedAt) &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/i.test(id)
    ) {
      return { queuedAt, id };
    }
  } catch {
    // answered below
  }
  throw new UnprocessableError('INVALID_CURSOR', 'cursor: pass back the nextCursor of the previous page');
}
