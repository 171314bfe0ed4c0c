import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Job, Queue } from 'bullmq';
import { REMINDER_SCHEDULER_ID } from '@certdesk/contracts';
import type { Actor } from '../../access/actor.js';
import { AccessPolicy } from '../../access/access-policy.js';
import { ReminderQueues, whileRedisAnswers } from '../reminder-queues.js';
import type { QueuesOverviewDto, QueueStateDto } from '../reminders.dto.js';

const FAILED_SHOWN = 20;
const COUNTED = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

/** The notifier's queues as BullMQ sees them (a JSON view in place of bull-board), for central administrators. */
export class GetQueueStateQuery extends Query<QueuesOverviewDto> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(GetQueueStateQuery)
export class GetQueueStateHandler implements IQueryHandler<GetQueueStateQuery> {
  constructor(
    private readonly access: AccessPolicy,
    private readonly queues: ReminderQueues,
  ) {}

  async execute({ actor }: GetQueueStateQuery): Promise<QueuesOverviewDto> {
    this.access.require(actor, 'reminder.run', null, 'reminder queues');
    const [queues, scheduler] = await whileRedisAnswers(
      Promise.all([
        Promise.all(this.queues.all.map((queue) => queueState(queue))),
        this.queues.scan.getJobScheduler(REMINDER_SCHEDULER_ID),
      ]),
      'Redis does not answer: the queues cannot be read.',
    );
    return {
      queues,
      schedule: scheduler
        ? {
            pattern: scheduler.pattern ?? '',
            timeZone: scheduler.tz ?? 'UTC',
            nextRunAt: scheduler.next ? new Date(scheduler.next).toISOString() : null,
          }
        : null,
    };
  }
}

async function queueState(queue: Queue): Promise<QueueStateDto> {
  const [counts, paused, failed] = await Promise.all([
    queue.getJobCounts(...COUNTED),
    queue.isPaused(),
    queue.getJobs(['failed'], 0, FAILED_SHOWN - 1, false),
  ]);
  return {
    name: queue.name,
    paused,
    counts: Object.fromEntries(
      COUNTED.map((state) => [state, counts[state] ?? 0]),
    ) as unknown as QueueStateDto['counts'],
    failed: failed
      .filter((job): job is Job => !!job)
      .map((job) => ({
        id: String(job.id),
        name: job.name,
        data: job.data as Record<string, unknown>,
        failedReason: job.failedReason ?? '',
        attemptsMade: job.attemptsMade,
        finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      })),
  };
}
