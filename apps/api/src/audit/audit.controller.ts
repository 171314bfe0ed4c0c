import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { AuditPageDto, AuditQueryDto, ChainVerificationDto, VerifyAuditQueryDto } from './audit.dto.js';
import { ListAuditEventsQuery, VerifyAuditChainsQuery } from './audit.queries.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail (who, when, what, before/after), newest first, in pages' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    return this.queries.execute(new ListAuditEventsQuery(actor, query));
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Recompute the hash chains and name the first event that does not match',
    description:
      "Central administrators: every chain; organisation administrators: their organisations' chains; with " +
      "`organisationId`, that organisation's chain alone. Each hash is " +
      'an HMAC with the audit key, which is not in the database: a rewrite done with database access alone (an event ' +
      'changed and every later hash recomputed) shows.',
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
}
