import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { GetCertificateCutOverQuery, OverrideCutOverCommand } from './cut-over.commands.js';
import { CertificateCutOverDto, CutOverOverrideDto } from './cut-over.dto.js';

/** A certificate's cut-over after its renewal: who confirmed the new keystore, and an administrator's override. */
@ApiTags('cut-over')
@ApiBearerAuth()
@Controller('api/v1/certificates/:id/cut-over')
export class CutOverController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Each deployment: confirmed by whom and when, or pending until when; how many still use the old one',
  })
  @ApiOkResponse({ type: CertificateCutOverDto })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) certificateId: string,
  ): Promise<CertificateCutOverDto> {
    return this.queries.execute(new GetCertificateCutOverQuery(actor, certificateId));
  }

  @Post('override')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The old certificate is no longer in use although not every deployment confirmed (administrators)',
    description: 'Closes every open request with the reason (their links stop working); audited.',
  })
  @ApiOkResponse({ type: CertificateCutOverDto })
  @ApiConflictResponse({ description: 'CUT_OVER_NOTHING_OPEN: every deployment confirmed or was overridden' })
  override(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) certificateId: string,
    @Body() body: CutOverOverrideDto,
  ): Promise<CertificateCutOverDto> {
    return this.commands.execute(new OverrideCutOverCommand(actor, certificateId, body.reason.trim()));
  }
}
