import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { FilesInterceptor } from '@nestjs/platform-fastify/multipart';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../access/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { CertificateDetailDto } from './certificate-detail.dto.js';
import { CertificateDto } from './certificate.dto.js';
import { GetCertificateQuery } from './get-certificate/get-certificate.query.js';
import { ImportCertificatesCommand } from './import/import-certificates.command.js';
import { ImportCertificatesBodyDto, ImportResultDto } from './import/import.dto.js';
import { UploadLimitsInterceptor } from './import/upload-limits.interceptor.js';
import { UpdateCertificateCommand } from './update-certificate/update-certificate.command.js';
import { UpdateCertificateDto } from './update-certificate/update-certificate.dto.js';

/** A file as the upload interceptor hands it over (memory storage: the bytes never touch the disk). */
interface UploadedBytes {
  originalname: string;
  buffer: Buffer;
}

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('api/v1/certificates')
export class CertificatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('import')
  @HttpCode(200)
  @UseInterceptors(UploadLimitsInterceptor, FilesInterceptor('files'))
  @ApiOperation({
    summary: 'Import certificate and keystore files (PEM, DER, .p12/.pfx, or a .zip of them)',
    description:
      'One file: a refusal answers 422 {code, message} and writes nothing. Several files, or a zip: 200 with each ' +
      "file's outcome, each file imported on its own (all or nothing). Too large an upload answers 413 and writes nothing.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['files', 'organisationId'],
      properties: {
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
        organisationId: { type: 'string', format: 'uuid' },
        password: {
          type: 'string',
          format: 'password',
          description: 'For keystores; never stored or echoed',
        },
        force: { type: 'boolean', default: false },
        host: { type: 'string', description: 'The PC the keystore lives on' },
        path: { type: 'string', description: 'Its folder (or full path) on that PC' },
      },
    },
  })
  @ApiOkResponse({ type: ImportResultDto })
  @ApiUnprocessableEntityResponse({
    description:
      'One file refused: WRONG_PASSWORD, PASSWORD_REQUIRED, UNREADABLE, UNSUPPORTED_FORMAT, IDENTIFIER_MISMATCH or NOT_EHEALTH_CERTIFICATE',
  })
  @ApiPayloadTooLargeResponse({
    description:
      'PAYLOAD_TOO_LARGE: a file, the number of files, the unzipped size or the certificates in one file ' +
      '(UPLOAD_MAX_CERTIFICATES_PER_FILE) is over its limit; nothing is written',
  })
  @ApiBadRequestResponse({
    description: 'INVALID_FILE_NAME: a file or zip entry name holds a control character; FILES_REQUIRED',
  })
  import(
    @CurrentActor() actor: Actor,
    @UploadedFiles() files: UploadedBytes[] | undefined,
    @Body() body: ImportCertificatesBodyDto,
  ): Promise<ImportResultDto> {
    return this.commands.execute(
      new ImportCertificatesCommand(
        actor,
        body,
        (files ?? []).map((f) => ({ name: f.originalname, bytes: f.buffer })),
      ),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One certificate: keystore and entries, deployments, lifecycle, audit trail' })
  @ApiOkResponse({ type: CertificateDetailDto })
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CertificateDetailDto> {
    return this.queries.execute(new GetCertificateQuery(actor, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change who holds the password, where the keystore is, usages, notes' })
  @ApiOkResponse({ type: CertificateDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateCertificateDto,
  ): Promise<CertificateDto> {
    return this.commands.execute(new UpdateCertificateCommand(actor, id, body));
  }
}
