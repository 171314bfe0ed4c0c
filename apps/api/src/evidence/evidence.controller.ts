import { Controller, Get, Headers, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { EvidencePackQueryDto } from './evidence.dto.js';
import { EVIDENCE_LANGUAGES, type EvidenceLanguage } from './evidence-report-labels.js';
import { type EvidencePack, MakeEvidencePackCommand } from './make-evidence-pack.js';

const PACK_DESCRIPTION =
  'A zip holding evidence.json, report.pdf (the same, readable) and signature.json (the Ed25519 signature of the ' +
  "installation's key over both files' SHA-256): see docs/evidence.md. Check it offline with " +
  '`certdesk evidence verify FILE --fingerprint <GET /api/v1/installation/evidence-key>`. Audited.';
const TOO_LARGE =
  'EVIDENCE_TOO_LARGE: more certificates or audit events than one pack holds (details.limits)';
const BUSY = 'EVIDENCE_BUSY: one pack is made at a time and 4 already wait; ask again in a minute';

/** Evidence packs for auditors (docs/evidence.md). */
@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api/v1')
export class EvidenceController {
  constructor(private readonly commands: CommandBus) {}

  @Get('certificates/:id/evidence')
  @ApiOperation({
    summary: "A certificate's evidence pack (organisation administrators and certificate managers)",
    description: PACK_DESCRIPTION,
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The pack', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such certificate, or another organisation’s' })
  @ApiUnprocessableEntityResponse({ description: TOO_LARGE })
  @ApiServiceUnavailableResponse({ description: BUSY })
  async certificate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: EvidencePackQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<StreamableFile> {
    return packFile(
      await this.commands.execute(
        new MakeEvidencePackCommand(actor, { kind: 'certificate', id }, languageOf(query, acceptLanguage)),
      ),
    );
  }

  @Get('organisations/:id/evidence')
  @ApiOperation({
    summary: "An organisation's evidence pack: every certificate of it (organisation administrators)",
    description: PACK_DESCRIPTION,
  })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The pack', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such organisation, or not one the caller sees' })
  @ApiUnprocessableEntityResponse({ description: TOO_LARGE })
  @ApiServiceUnavailableResponse({ description: BUSY })
  async organisation(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: EvidencePackQueryDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<StreamableFile> {
    return packFile(
      await this.commands.execute(
        new MakeEvidencePackCommand(actor, { kind: 'organisation', id }, languageOf(query, acceptLanguage)),
      ),
    );
  }
}

function languageOf(query: EvidencePackQueryDto, acceptLanguage: string | undefined): EvidenceLanguage {
  if (query.language) return query.language;
  const first = (acceptLanguage ?? '').toLowerCase().match(/^\s*([a-z]{2})/)?.[1];
  return (EVIDENCE_LANGUAGES as readonly string[]).includes(first ?? '') ? (first as EvidenceLanguage) : 'en';
}

const packFile = (pack: EvidencePack) =>
  new StreamableFile(Buffer.from(pack.bytes), {
    type: 'application/zip',
    disposition: `attachment; filename="${pack.fileName}"`,
    length: pack.bytes.length,
  });
