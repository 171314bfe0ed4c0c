import type { Readable } from 'node:stream';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { CertificateFilters } from './certificate-list-sql.js';
import { certificatesCsv } from './certificate-csv.js';
import { CertificateSearch, type PageOptions } from './certificate-search.js';

/** Rows fetched per round trip while streaming an export. */
const EXPORT_BATCH = 500;

/** Every certificate matching the filters, as a CSV stream (not one page). */
export class ExportCertificatesQuery extends Query<Readable> {
  constructor(
    readonly actor: Actor,
    readonly filters: CertificateFilters,
    readonly order: Pick<PageOptions, 'sort' | 'direction'>,
  ) {
    super();
  }
}

@QueryHandler(ExportCertificatesQuery)
export class ExportCertificatesHandler implements IQueryHandler<ExportCertificatesQuery> {
  constructor(private readonly search: CertificateSearch) {}

  async execute({ actor, filters, order }: ExportCertificatesQuery): Promise<Readable> {
    const certificates = this.search.all(actor, filters, order, EXPORT_BATCH);
    // The first batch is read before answering, so a bad request still gets a proper error, not a cut stream.
    const first = await certificates.next();
    return certificatesCsv(
      (async function* () {
        if (!first.done) yield first.value;
        yield* certificates;
      })(),
    );
  }
}
