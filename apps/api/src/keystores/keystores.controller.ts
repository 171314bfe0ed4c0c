import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { KeystoreReportBodyDto, KeystoreReportResultDto } from './keystore-report.dto.js';
import { ReportKeystoreCommand } from './report-keystore/report-keystore.command.js';

@ApiTags('keystores')
@ApiBearerAuth()
@Controller('api/v1/keystores')
export class KeystoresController {
  constructor(private readonly commands: CommandBus) {}

  @Post('report')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The card-bridge reports a keystore it inspected: record where it lives on the certificates in it',
  })
  @ApiOkResponse({ type: KeystoreReportResultDto })
  report(
    @CurrentActor() actor: Actor,
    @Body() body: KeystoreReportBodyDto,
  ): Promise<KeystoreReportResultDto> {
    return this.commands.execute(new ReportKeystoreCommand(actor, body));
  }
}
