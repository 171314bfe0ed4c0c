import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { noteOf } from './lifecycle-input.js';
import { CloseNewRequestCommand } from './close-new-request/close-new-request.command.js';
import {
  AbandonDto,
  CompleteNewRequestDto,
  ListNewRequestsQueryDto,
  NewRequestDto,
  OpenNewRequestDto,
} from './lifecycle.dto.js';
import { ListNewRequestsQuery } from './lifecycle.queries.js';
import { OpenNewRequestCommand } from './open-new-request/open-new-request.command.js';

/** Requests for a new certificate: requested -> completed or abandoned (libs/domain applyNewRequestAction). */
@ApiTags('lifecycle')
@ApiBearerAuth()
@Controller('api/v1/new-requests')
export class NewRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Record that a new certificate was requested with the eHealth tool',
    description:
      'After a revocation, after expiry (replacesCertificateId: that certificate), or for a new identifier or application ID.',
  })
  @ApiCreatedResponse({ type: NewRequestDto })
  @ApiConflictResponse({
    description: 'NEW_REQUEST_ALREADY_OPEN (for replacesCertificateId), CERTIFICATE_SUPERSEDED',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'UNKNOWN_IDENTIFIER_TYPE, INVALID_IDENTIFIER (libs/domain), INVALID_APPLICATION_ID; with replacesCertificateId: ' +
      'CERTIFICATE_MISMATCH, CERTIFICATE_OF_ANOTHER_ORGANISATION, CERTIFICATE_STILL_VALID (renew it instead)',
  })
  open(@CurrentActor() actor: Actor, @Body() body: OpenNewRequestDto): Promise<NewRequestDto> {
    return this.commands.execute(new OpenNewRequestCommand(actor, body));
  }

  @Get()
  @ApiOperation({
    summary: 'New requests, most recently requested first',
    description:
      'With `limit`, a page: ask for the next with `after` = the last id of this one, until a page comes back ' +
      'shorter than `limit` (or empty). Without `limit`, every one at once.',
  })
  @ApiOkResponse({ type: [NewRequestDto] })
  list(@CurrentActor() actor: Actor, @Query() query: ListNewRequestsQueryDto): Promise<NewRequestDto[]> {
    const { organisationId, state, limit, after } = query;
    return this.queries.execute(new ListNewRequestsQuery(actor, { organisationId, state }, { limit, after }));
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The certificate was produced and installed',
    description: 'certificateId links the imported certificate; it must be for the identifier requested.',
  })
  @ApiOkResponse({ type: NewRequestDto })
  @ApiConflictResponse({ description: 'CASE_CLOSED' })
  @ApiUnprocessableEntityResponse({
    description: 'CERTIFICATE_MISMATCH, CERTIFICATE_OF_ANOTHER_ORGANISATION',
  })
  complete(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CompleteNewRequestDto,
  ): Promise<NewRequestDto> {
    return this.commands.execute(
      new CloseNewRequestCommand(actor, id, 'complete', noteOf(body.note), body.certificateId ?? null),
    );
  }

  @Post(':id/abandon')
  @HttpCode(200)
  @ApiOperation({ summary: 'Abandon the request, with a reason' })
  @ApiOkResponse({ type: NewRequestDto })
  @ApiConflictResponse({ description: 'CASE_CLOSED' })
  abandon(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AbandonDto,
  ): Promise<NewRequestDto> {
    return this.commands.execute(new CloseNewRequestCommand(actor, id, 'abandon', body.reason.trim()));
  }
}
