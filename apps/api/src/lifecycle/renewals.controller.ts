import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { noteOf } from './lifecycle-input.js';
import { AdvanceRenewalCommand } from './advance-renewal/advance-renewal.command.js';
import { AbandonDto, LifecycleNoteDto, ListRenewalsQueryDto, RenewalCaseDto } from './lifecycle.dto.js';
import { ListRenewalsQuery } from './lifecycle.queries.js';

const OUT_OF_ORDER = {
  description:
    "OUT_OF_ORDER (not the case's next step) or CASE_CLOSED, with libs/domain's reason; nothing is written",
};

/** The renewal cases: each phase recorded in order (libs/domain RENEWAL_PHASES), each step an audit event. */
@ApiTags('lifecycle')
@ApiBearerAuth()
@Controller('api/v1/renewals')
export class RenewalsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Renewal cases, with the certificate and the phase each is in, most recently changed first',
    description:
      'With `limit`, a page: ask for the next with `after` = the last id of this one, until a page comes back ' +
      'shorter than `limit` (or empty). Without `limit`, every one at once.',
  })
  @ApiOkResponse({ type: [RenewalCaseDto] })
  list(@CurrentActor() actor: Actor, @Query() query: ListRenewalsQueryDto): Promise<RenewalCaseDto[]> {
    const { organisationId, state, limit, after } = query;
    return this.queries.execute(new ListRenewalsQuery(actor, { organisationId, state }, { limit, after }));
  }

  @Post(':caseId/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Phase 2: the renewed certificate is installed and the new ETK generated' })
  @ApiOkResponse({ type: RenewalCaseDto })
  @ApiConflictResponse(OUT_OF_ORDER)
  complete(
    @CurrentActor() actor: Actor,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: LifecycleNoteDto,
  ): Promise<RenewalCaseDto> {
    return this.commands.execute(new AdvanceRenewalCommand(actor, caseId, 'complete', noteOf(body.note)));
  }

  @Post(':caseId/activate-etk')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Phase 3: the renewal ETK is activated (the old certificate deactivated, the new one active)',
    description:
      "Announces 'certificate.renewed' so every deployment's contact is told to install the new keystore.",
  })
  @ApiOkResponse({ type: RenewalCaseDto })
  @ApiConflictResponse(OUT_OF_ORDER)
  activateEtk(
    @CurrentActor() actor: Actor,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: LifecycleNoteDto,
  ): Promise<RenewalCaseDto> {
    return this.commands.execute(new AdvanceRenewalCommand(actor, caseId, 'activate-etk', noteOf(body.note)));
  }

  @Post(':caseId/deployments-updated')
  @HttpCode(200)
  @ApiOperation({ summary: 'Every system using the certificate has the new keystore: the renewal is done' })
  @ApiOkResponse({ type: RenewalCaseDto })
  @ApiConflictResponse(OUT_OF_ORDER)
  deploymentsUpdated(
    @CurrentActor() actor: Actor,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: LifecycleNoteDto,
  ): Promise<RenewalCaseDto> {
    return this.commands.execute(
      new AdvanceRenewalCommand(actor, caseId, 'update-deployments', noteOf(body.note)),
    );
  }

  @Post(':caseId/abandon')
  @HttpCode(200)
  @ApiOperation({ summary: 'Abandon an open renewal, with a reason' })
  @ApiOkResponse({ type: RenewalCaseDto })
  @ApiConflictResponse({ description: 'CASE_CLOSED' })
  abandon(
    @CurrentActor() actor: Actor,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Body() body: AbandonDto,
  ): Promise<RenewalCaseDto> {
    return this.commands.execute(new AdvanceRenewalCommand(actor, caseId, 'abandon', body.reason.trim()));
  }
}
