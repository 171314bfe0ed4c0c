import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  JOB_NAMES,
  JOB_RETENTION,
  reminderScanJobId,
  SCAN_ATTEMPTS,
  SCAN_RETRY_DELAY_MS,
} from '@certdesk/contracts';
import { AccessPolicy } from '../../access/access-policy.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { Clock } from '../../core/clock.js';
import { ReminderQueues, whileRedisAnswers } from '../reminder-queues.js';
import type { RunRequestedDto } from '../reminders.dto.js';
import { RunRemindersCommand } from './run-reminders.command.js';

/**
 * Records the run (reminder_run, and who asked, in the audit trail) in one transaction, then adds its scan job
 * with the run's id as jobId. Should Redis not take the job, the run stays recorded and unfinished: the notifier
 * starts unfinished manual runs when it starts, and the answer says so.
 */
@CommandHandler(RunRemindersCommand)
export class RunRemindersHandler implements ICommandHandler<RunRemindersCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly auditTrail: AuditTrail,
    private readonly clock: Clock,
    private readonly queues: ReminderQueues,
  ) {}

  async execute({ actor }: RunRemindersCommand): Promise<RunRequestedDto> {
    this.access.require(actor, 'reminder.run', null, 'reminder run');
    const now = this.clock.now();
    const runId = await this.db.transaction(async (manager) => {
      const [{ id }] = (await manager.query(
        `INSERT INTO reminder_run (trigger, requested_by_id, requested_at) VALUES ('manual', $1, $2) RETURNING id`,
        [actor.userId, now],
      )) as [{ id: string }];
      await this.auditTrail.append(
        manager,
        actor,
        { action: 'reminders.run-requested', organisationId: null, after: { runId: id } },
        now,
      );
      return id;
    });
    await whileRedisAnswers(
      this.queues.scan.add(
        JOB_NAMES.scan,
        { trigger: 'manual', runId },
        {
          jobId: reminderScanJobId(runId),
          attempts: SCAN_ATTEMPTS,
          backoff: { type: 'exponential', delay: SCAN_RETRY_DELAY_MS },
          ...JOB_RETENTION,
        },
      ),
      `Redis does not answer: reminder run ${runId} is recorded and starts once the notifier reaches Redis again.`,
    );
    return { runId };
  }
}
