import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CertificateDto } from '../certificates/certificate.dto.js';
import { LabelCertificateCommand } from './label-certificate.command.js';
import {
  AddLabelDto,
  LabelListDto,
  LabelNameListDto,
  ListLabelNamesQueryDto,
  ListLabelsQueryDto,
} from './labels.dto.js';
import { ListLabelNamesQuery, ListLabelsQuery } from './list-labels.query.js';

@ApiTags('labels')
@ApiBearerAuth()
@Controller('api/v1')
export class LabelsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('labels')
  @ApiOperation({
    summary:
      'The labels of my organisations (each organisation has its own), with how many active certificates carry each',
  })
  @ApiOkResponse({ type: LabelListDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListLabelsQueryDto): Promise<LabelListDto> {
    return this.queries.execute(new ListLabelsQuery(actor, query.organisationId));
  }

  @Get('labels/names')
  @ApiOperation({
    summary: "The labels' names across my organisations (or of one), one per key, by key",
    description:
      'What a filter over several organisations offers: each label once, whatever organisation has it and however ' +
      'it is spelt, without counting certificates. `q` searches the names; `limit` answers the first ones.',
  })
  @ApiOkResponse({ type: LabelNameListDto })
  names(@CurrentActor() actor: Actor, @Query() query: ListLabelNamesQueryDto): Promise<LabelNameListDto> {
    const { organisationId, q, limit } = query;
    return this.queries.execute(new ListLabelNamesQuery(actor, organisationId, { q, limit }));
  }

  @Post('certificates/:id/labels')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Put a label on a certificate (made in its organisation on first use); audited',
    description: 'A label the certificate already carries, in any spelling, changes nothing.',
  })
  @ApiOkResponse({ type: CertificateDto })
  @ApiUnprocessableEntityResponse({ description: 'INVALID_LABEL, TOO_MANY_LABELS (20 on one certificate)' })
  add(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddLabelDto,
  ): Promise<CertificateDto> {
    return this.commands.execute(new LabelCertificateCommand(actor, id, 'add', body.label));
  }

  @Delete('certificates/:id/labels/:label')
  @ApiOperation({
    summary: 'Take a label off a certificate (case-insensitive; URL-encode it); audited',
    description: 'A label the certificate does not carry changes nothing.',
  })
  @ApiOkResponse({ type: CertificateDto })
  @ApiNotFoundResponse({ description: "No such certificate, or another tenant's" })
  remove(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('label') label: string,
  ): Promise<CertificateDto> {
    return this.commands.execute(new LabelCertificateCommand(actor, id, 'remove', label));
  }
}
