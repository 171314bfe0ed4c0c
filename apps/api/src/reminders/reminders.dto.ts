import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import {
  REMINDER_DELIVERY_KINDS,
  REMINDER_DELIVERY_STATES,
  REMINDER_RUN_TRIGGERS,
} from '@certdesk/persistence';

export const REMINDER_PAGE_DEFAULT = 100;
export const REMINDER_PAGE_MAX = 1000;

export class ListRemindersQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() certificateId?: string;
  @ApiPropertyOptional({ enum: REMINDER_DELIVERY_STATES })
  @IsOptional()
  @IsIn(REMINDER_DELIVERY_STATES)
  state?: (typeof REMINDER_DELIVERY_STATES)[number];
  @ApiPropertyOptional({ format: 'uuid', description: 'The reminders one scan created' })
  @IsOptional()
  @IsUUID()
  runId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: REMINDER_PAGE_MAX, default: REMINDER_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(REMINDER_PAGE_MAX)
  limit?: number;
  @ApiPropertyOptional({ description: "The previous page's nextCursor" })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor: pass back the nextCursor of the previous page' })
  cursor?: string;
}

export class ReminderDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) reminderId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ format: 'uuid' }) certificateId!: string;
  @ApiProperty({
    example: 'NIHII-AMBU_SERVICE=79609977 (AMBULANCES DE NAMUR)',
    description: 'Identifier, application ID and holder (an SSIN masked except for central administrators)',
  })
  certificateLabel!: string;
  @ApiProperty({
    example: '30',
    description:
      "Days left ('90'..'0'), 'expired', 'stalled:<renewalCaseId>:<state>' or 'renewed:<renewalCaseId>'",
  })
  milestone!: string;
  @ApiProperty({ enum: REMINDER_DELIVERY_KINDS }) kind!: string;
  @ApiProperty({ example: 'info@ambulances-namur.be' }) recipient!: string;
  @ApiProperty({
    enum: REMINDER_DELIVERY_STATES,
    description:
      'queued: not yet accepted by the mail server; sent: accepted; failed: refused for good; cancelled',
  })
  state!: string;
  @ApiProperty({ description: 'Send attempts so far' }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) queuedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last attempt failed, or why it was cancelled',
  })
  error!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The scan that created it' })
  runId!: string | null;
  @ApiProperty({
    description: "The recipient is one of the organisation's contacts flagged as failing for good",
  })
  recipientFlagged!: boolean;
}

export class ReminderPageDto {
  @ApiProperty({ type: [ReminderDeliveryDto], description: 'Newest first' }) items!: ReminderDeliveryDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last',
  })
  nextCursor!: string | null;
}

export class ReminderRunCountsDto {
  @ApiProperty({ description: 'Certificates in a reminder window' }) candidates!: number;
  @ApiProperty({ description: 'Reminders (certificate, milestone) the run created' }) reminders!: number;
  @ApiProperty({ description: 'Deliveries (recipient, kind) the run queued' }) deliveries!: number;
  @ApiProperty({
    description:
      'Send jobs it enqueued (one address each, or up to ten each when many addresses had mail queued)',
  })
  sendJobs!: number;
}

export class ReminderDeliveryStatesDto {
  @ApiProperty() queued!: number;
  @ApiProperty() sent!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() cancelled!: number;
}

export class ReminderRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REMINDER_RUN_TRIGGERS }) trigger!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) requestedById!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Jan Peeters <jan@example.be>',
    description: 'Who asked for it (as the audit trail names people); null for the daily schedule',
  })
  requestedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: ReminderRunCountsDto, nullable: true }) counts!: ReminderRunCountsDto | null;
  @ApiProperty({ type: ReminderDeliveryStatesDto, description: "Where this run's deliveries are now" })
  deliveries!: ReminderDeliveryStatesDto;
  @ApiProperty({ type: String, nullable: true, description: "The last attempt's error, if it failed" })
  error!: string | null;
}

export class RunRequestedDto {
  @ApiProperty({ format: 'uuid', description: 'GET /api/v1/reminders/runs/{id} follows it' }) runId!: string;
}

export class ListRunsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class QueueJobCountsDto {
  @ApiProperty() waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() prioritized!: number;
  @ApiProperty({ description: 'Kept for a day' }) completed!: number;
  @ApiProperty({ description: 'Kept for a week' }) failed!: number;
}

export class FailedJobDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'send' }) name!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The job payload (libs/contracts)',
  })
  data!: Record<string, unknown>;
  @ApiProperty() failedReason!: string;
  @ApiProperty() attemptsMade!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
}

export class QueueStateDto {
  @ApiProperty({ example: 'reminder-send' }) name!: string;
  @ApiProperty({ description: 'Paused: its workers take no new job' }) paused!: boolean;
  @ApiProperty({ type: QueueJobCountsDto }) counts!: QueueJobCountsDto;
  @ApiProperty({ type: [FailedJobDto], description: 'The latest failed jobs, newest first (at most 20)' })
  failed!: FailedJobDto[];
}

export class ReminderScheduleDto {
  @ApiProperty({ example: '0 6 * * *' }) pattern!: string;
  @ApiProperty({ example: 'Europe/Brussels' }) timeZone!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextRunAt!: string | null;
}

export class QueuesOverviewDto {
  @ApiProperty({ type: [QueueStateDto] }) queues!: QueueStateDto[];
  @ApiProperty({
    type: ReminderScheduleDto,
    nullable: true,
    description: "The daily scan's schedule, as the notifier registered it (null until it has started once)",
  })
  schedule!: ReminderScheduleDto | null;
}
