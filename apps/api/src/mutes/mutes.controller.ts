import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { ListMutesInForceQuery } from './list-mutes-in-force.query.js';
import { ListCertificateMutesQuery } from './list-mutes.query.js';
import { MuteCertificateCommand } from './mute-certificate/mute-certificate.command.js';
import { MuteDto, MuteHistoryEntryDto, MuteInputDto, MutesInForceDto, MutesQueryDto } from './mutes.dto.js';
import { UnmuteCertificateCommand } from './unmute-certificate/unmute-certificate.command.js';

const MUTE_REFUSALS =
  'UNKNOWN_REASON, NOTE_REQUIRED, NOTE_TOO_LONG, REPLACEMENT_REQUIRED, REPLACEMENT_NOT_ALLOWED, REPLACEMENT_NOT_FOUND, ' +
  'REPLACEMENT_IS_ITSELF, NOT_A_DATE, END_DATE_NOT_IN_FUTURE, END_DATE_TOO_FAR';

/**
 * Muting a certificate's reminders, or one of its warnings, with a reason and an end date. A mute never hides the
 * certificate; at 7 days or fewer, or expired, the digest still lists it, saying it is muted.
 */
@ApiTags('mutes')
@ApiBearerAuth()
@Controller('api/v1/certificates/:id')
export class MutesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('mute')
  @HttpCode(200)
  @ApiOperation({
    summary: "Mute the certificate's reminders until an end date, with a reason",
    description:
      'Replaces a mute already there. Lapses by itself on its end date, when the certificate is renewed or revoked.',
  })
  @ApiOkResponse({ type: MuteDto })
  @ApiConflictResponse({ description: 'CERTIFICATE_REVOKED, CERTIFICATE_RENEWED' })
  @ApiUnprocessableEntityResponse({ description: MUTE_REFUSALS })
  mute(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MuteInputDto,
  ): Promise<MuteDto> {
    return this.commands.execute(new MuteCertificateCommand(actor, id, body));
  }

  @Delete('mute')
  @HttpCode(204)
  @ApiOperation({ summary: "Unmute the certificate's reminders" })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'NOT_MUTED' })
  unmute(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.commands.execute(new UnmuteCertificateCommand(actor, id));
  }

  @Get('mutes')
  @ApiOperation({ summary: "The certificate's mutes: in force, or lapsed and why" })
  @ApiOkResponse({ type: [MuteHistoryEntryDto] })
  history(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<MuteHistoryEntryDto[]> {
    return this.queries.execute(new ListCertificateMutesQuery(actor, id));
  }
}

/** The mutes in force across what the actor sees, so none is forgotten (the overview lists them). */
@ApiTags('mutes')
@ApiBearerAuth()
@Controller('api/v1/mutes')
export class MutesInForceController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'The mutes in force: how many, and those ending soonest' })
  @ApiOkResponse({ type: MutesInForceDto })
  list(@CurrentActor() actor: Actor, @Query() query: MutesQueryDto): Promise<MutesInForceDto> {
    return this.queries.execute(new ListMutesInForceQuery(actor, query.organisationId));
  }
}
