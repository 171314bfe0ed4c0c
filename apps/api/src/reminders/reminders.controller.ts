import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ListRemindersQuery } from './list-reminders/list-reminders.query.js';
import { GetQueueStateQuery } from './queues/queue-state.query.js';
import {
  ListRemindersQueryDto,
  ListRunsQueryDto,
  QueuesOverviewDto,
  ReminderPageDto,
  ReminderRunDto,
  RunRequestedDto,
} from './reminders.dto.js';
import { RunRemindersCommand } from './run-reminders/run-reminders.command.js';
import { GetReminderRunQuery, ListReminderRunsQuery } from './runs/reminder-runs.queries.js';

const REDIS_DOWN = { description: 'QUEUE_UNAVAILABLE: Redis did not answer within 5 seconds' };

/** The reminders the notifier sends (apps/notifier): what went out to whom, the scans, and its queues. */
@ApiTags('reminders')
@ApiBearerAuth()
@Controller('api/v1/reminders')
export class RemindersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Reminder deliveries and their state (queued, sent, failed and why, cancelled), newest first',
    description:
      'One row per certificate, milestone, address and kind (digest, copy, escalation, urgent, stalled, deployment). ' +
      'Limited to the organisations whose certificates you may read.',
  })
  @ApiOkResponse({ type: ReminderPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListRemindersQueryDto): Promise<ReminderPageDto> {
    return this.queries.execute(new ListRemindersQuery(actor, query));
  }

  @Post('run')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a reminder scan now (central administrators)',
    description:
      'The notifier scans at once, as its daily schedule does: a certificate already reminded at its current ' +
      'milestone is not reminded again.',
  })
  @ApiAcceptedResponse({ type: RunRequestedDto })
  @ApiServiceUnavailableResponse(REDIS_DOWN)
  run(@CurrentActor() actor: Actor): Promise<RunRequestedDto> {
    return this.commands.execute(new RunRemindersCommand(actor));
  }

  @Get('runs')
  @ApiOperation({ summary: 'The latest reminder scans, with their counts (central administrators)' })
  @ApiOkResponse({ type: [ReminderRunDto] })
  runs(@CurrentActor() actor: Actor, @Query() query: ListRunsQueryDto): Promise<ReminderRunDto[]> {
    return this.queries.execute(new ListReminderRunsQuery(actor, query.limit ?? 20));
  }

  @Get('runs/:id')
  @ApiOperation({ summary: 'One reminder scan and where its deliveries are now (central administrators)' })
  @ApiOkResponse({ type: ReminderRunDto })
  getRun(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ReminderRunDto> {
    return this.queries.execute(new GetReminderRunQuery(actor, id));
  }

  @Get('queues')
  @ApiOperation({
    summary:
      "The notifier's queues: job counts, the latest failed jobs, the daily schedule (central administrators)",
  })
  @ApiOkResponse({ type: QueuesOverviewDto })
  @ApiServiceUnavailableResponse(REDIS_DOWN)
  queues(@CurrentActor() actor: Actor): Promise<QueuesOverviewDto> {
    return this.queries.execute(new GetQueueStateQuery(actor));
  }
}
