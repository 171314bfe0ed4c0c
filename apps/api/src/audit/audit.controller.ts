import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import {
  AuditPageDto,
  AuditQueryDto,
  AuditVerificationDto,
  AuditVerificationStartedDto,
  ChainVerificationDto,
  VerifyAuditQueryDto,
} from './audit.dto.js';
import { ListAuditEventsQuery, VerifyAuditChainsQuery } from './audit.queries.js';
import {
  GetAuditVerificationQuery,
  StartAuditVerificationCommand,
} from './audit-verification-jobs.handlers.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail (who, when, what, before/after), newest first, in pages' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.queries.execute(new ListAuditEventsQuery(actor, query));
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Recompute the hash chains and name the first event that does not match, in this request',
    description:
      "Central administrators: every chain; organisation administrators: their organisations' chains; with " +
      "`organisationId`, that organisation's chain alone. Each hash is " +
      'an HMAC with the audit key, which is not in the database: a rewrite done with database access alone (an event ' +
      'changed and every later hash recomputed) shows. Answers when every chain is checked: about 19,000 events a ' +
      "second, minutes for a national installation's, past a load balancer's usual timeout; " +
      'POST /api/v1/audit/verifications runs the same as a job.',
  })
  @ApiOkResponse({ type: [ChainVerificationDto] })
  @ApiConflictResponse({
    description:
      'VERIFICATION_RUNNING: a verification this log-in started is still running (one at a time per log-in, on every replica)',
  })
  @ApiNotFoundResponse({ description: 'organisationId names no organisation the caller may see' })
  verify(@CurrentActor() actor: Actor, @Query() query: VerifyAuditQueryDto): Promise<ChainVerificationDto[]> {
    return this.queries.execute(new VerifyAuditChainsQuery(actor, query.organisationId ?? null));
  }

  @Post('verifications')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Start a verification of the hash chains as a job, followed at GET /api/v1/audit/verifications/{id}',
    description:
      'The same chains and answer as POST /api/v1/audit/verify, worked by any api replica in the background: a ' +
      'verification of every chain of a national installation takes minutes. One at a time per log-in (queued, ' +
      'running, or in a request); its result is kept 24 hours for the log-in that started it.',
  })
  @ApiAcceptedResponse({ type: AuditVerificationStartedDto })
  @ApiConflictResponse({
    description:
      'VERIFICATION_RUNNING: a verification this log-in started is still running; `details.verificationId` names it ' +
      'when it is a job',
  })
  @ApiNotFoundResponse({ description: 'organisationId names no organisation the caller may see' })
  @ApiServiceUnavailableResponse({
    description: 'QUEUE_UNAVAILABLE: Redis, where it would be queued, does not answer',
  })
  start(
    @CurrentActor() actor: Actor,
    @Query() query: VerifyAuditQueryDto,
  ): Promise<AuditVerificationStartedDto> {
    return this.commands.execute(new StartAuditVerificationCommand(actor, query.organisationId ?? null));
  }

  @Get('verifications/:id')
  @ApiOperation({ summary: "One of the caller's verifications: its progress, then its result" })
  @ApiOkResponse({ type: AuditVerificationDto })
  @ApiNotFoundResponse({
    description: "No verification of the caller's by this id (another log-in's, or older than 24 hours)",
  })
  verification(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AuditVerificationDto> {
    return this.queries.execute(new GetAuditVerificationQuery(actor, id));
  }
}
