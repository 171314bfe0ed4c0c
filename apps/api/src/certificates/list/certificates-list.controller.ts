import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../access/actor.js';
import { CurrentActor } from '../../auth/current-actor.decorator.js';
import { filtersFrom } from './certificate-search.js';
import { ExportCertificatesQuery } from './export-certificates.query.js';
import { CertificatePageDto, DEFAULT_PAGE_SIZE, ListCertificatesQueryDto } from './list-certificates.dto.js';
import { ListCertificatesQuery } from './list-certificates.query.js';

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('api/v1/certificates')
export class CertificatesListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'The certificates I can see, filtered, sorted and paged (keyset); or all of them as CSV',
    description:
      'JSON: one page `{items, nextCursor, total}`. CSV (`format=csv` or `Accept: text/csv`): every matching certificate, ' +
      'streamed, columns named like the JSON fields (nested ones dotted: `ehealth.identifierType`).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CertificatePageDto })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListCertificatesQueryDto,
    @Headers('accept') accept: string | undefined,
    // The response is written here because a CSV stream must not go through the global JSON interceptors
    // (CertificateSearch masks SSINs itself for both forms).
    @Res() response: FastifyReply,
  ): Promise<void> {
    const order = { sort: query.sort ?? 'notAfter', direction: query.direction ?? 'asc' } as const;
    const csv = query.format === 'csv' || (query.format !== 'json' && /\btext\/csv\b/i.test(accept ?? ''));
    if (csv) {
      const stream = await this.queries.execute(
        new ExportCertificatesQuery(actor, filtersFrom(query), order),
      );
      // Fastify ends the answer where the stream fails (a cut CSV, never a well-formed short one).
      await response
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="certificates.csv"')
        .send(stream);
      return;
    }
    await response.send(
      await this.queries.execute(
        new ListCertificatesQuery(actor, filtersFrom(query), {
          ...order,
          limit: query.limit ?? DEFAULT_PAGE_SIZE,
          cursor: query.cursor,
          count: query.count ?? true,
        }),
      ),
    );
  }
}
