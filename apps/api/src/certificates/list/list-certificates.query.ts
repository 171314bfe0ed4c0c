import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { CertificateFilters } from './certificate-list-sql.js';
import { type CertificatePage, CertificateSearch, type PageOptions } from './certificate-search.js';

export class ListCertificatesQuery extends Query<CertificatePage> {
  constructor(
    readonly actor: Actor,
    readonly filters: CertificateFilters,
    readonly page: PageOptions,
  ) {
    super();
  }
}

@QueryHandler(ListCertificatesQuery)
export class ListCertificatesHandler implements IQueryHandler<ListCertificatesQuery> {
  constructor(private readonly search: CertificateSearch) {}

  execute({ actor, filters, page }: ListCertificatesQuery): Promise<CertificatePage> {
    return this.search.page(actor, filters, page);
  }
}
