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
import {
  MuteOrganisationWarningCommand,
  UnmuteOrganisationWarningCommand,
} from './organisation-warning/organisation-warning-mute.commands.js';
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

  @Post('warnings/:code/mute')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mute one warning of the certificate (its code) until an end date, with a reason',
    description: 'The warnings page marks it muted; it lapses as a reminders mute does.',
  })
  @ApiOkResponse({ type: MuteDto })
  @ApiConflictResponse({ description: 'CERTIFICATE_REVOKED, CERTIFICATE_RENEWED' })
  @ApiUnprocessableEntityResponse({ description: `UNKNOWN_WARNING, ${MUTE_REFUSALS}` })
  muteWarning(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('code') code: string,
    @Body() body: MuteInputDto,
  ): Promise<MuteDto> {
    return this.commands.execute(new MuteCertificateCommand(actor, id, body, { warningCode: code }));
  }

  @Delete('warnings/:code/mute')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unmute one warning of the certificate' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'NOT_MUTED' })
  @ApiUnprocessableEntityResponse({ description: 'UNKNOWN_WARNING' })
  unmuteWarning(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('code') code: string,
  ): Promise<void> {
    return this.commands.execute(new UnmuteCertificateCommand(actor, id, { warningCode: code }));
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

/** An organisation's warnings muted by code: every warning of that code in the organisation is marked muted. */
@ApiTags('mutes')
@ApiBearerAuth()
@Controller('api/v1/organisations/:id/warnings/:code/mute')
export class OrganisationWarningMutesController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Mute one of the organisation's warnings (its code) until an end date, with a reason",
    description: 'Lapses on its end date or when unmuted.',
  })
  @ApiOkResponse({ type: MuteDto })
  @ApiUnprocessableEntityResponse({ description: `UNKNOWN_WARNING, ${MUTE_REFUSALS}` })
  mute(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('code') code: string,
    @Body() body: MuteInputDto,
  ): Promise<MuteDto> {
    return this.commands.execute(new MuteOrganisationWarningCommand(actor, id, code, body));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: "Unmute one of the organisation's warnings" })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'NOT_MUTED' })
  @ApiUnprocessableEntityResponse({ description: 'UNKNOWN_WARNING' })
  unmute(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('code') code: string,
  ): Promise<void> {
    return this.commands.execute(new UnmuteOrganisationWarningCommand(actor, id, code));
  }
}
