import { Inject, Injectable } from '@nestjs/common';
import { type CertificateStatus, labelKey } from '@certdesk/domain';
import type { CertificateState } from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AccessPolicy } from '../../access/access-policy.js';
import { SsinMasker } from '../../access/ssin-masking.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Clock } from '../../core/clock.js';
import type { CertificateDto } from '../certificate.dto.js';
import { CertificateView, type RelatedRow } from '../certificate-view.js';
import { CertificateReadiness } from '../readiness/certificate-readiness.js';
import {
  type CertificateFilters,
  type CertificatePageRequest,
  type CertificateSort,
  certificateCountSql,
  certificateListSql,
  decodeCursor,
  encodeCursor,
  type SortDirection,
  type Sql,
} from './certificate-list-sql.js';
import { CertificateListRepository, type CertificateListRow } from './certificate-list.repository.js';
import type { CertificateFiltersDto } from './list-certificates.dto.js';

export interface CertificatePage {
  /** Each with `ready`: its renewal readiness (null when not active). */
  items: (CertificateDto & { ready: boolean | null })[];
  nextCursor: string | null;
  /** Every matching certificate, on all pages (null when not asked for). */
  total: number | null;
}

export interface PageOptions {
  sort: CertificateSort;
  direction: SortDirection;
  limit: number;
  cursor?: string;
  /** Count every matching certificate too (one more query). */
  count?: boolean;
}

/** The query parameters as the SQL builder's filters. */
export function filtersFrom(dto: CertificateFiltersDto): CertificateFilters {
  return {
    organisationId: dto.organisationId,
    statuses: dto.status as CertificateStatus[] | undefined,
    identifierTypes: dto.identifierType,
    environments: dto.environment,
    managerId: dto.managerId,
    expiresWithinDays: dto.expiresWithinDays,
    states: dto.state as CertificateState[] | undefined,
    q: dto.q,
    labelKeys: dto.label?.map(labelKey),
    readiness: dto.readiness,
  };
}

/**
 * Runs certificate list queries for an actor: tenant-scoped (certificate.read), one keyset page at a time, shaped
 * by CertificateView. The JSON list answers one page; the CSV export walks every page.
 */
@Injectable()
export class CertificateSearch {
  constructor(
    private readonly list: CertificateListRepository,
    private readonly access: AccessPolicy,
    private readonly view: CertificateView,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readiness: CertificateReadiness,
  ) {}

  async page(
    actor: Actor,
    filters: CertificateFilters,
    options: PageOptions,
    now = this.clock.now(),
  ): Promise<CertificatePage> {
    const visible = this.access.visibleOrganisationIds(actor, 'certificate.read');
    filters = { readinessPolicy: this.config.readiness, ...filters };
    const request: CertificatePageRequest = {
      sort: options.sort,
      direction: options.direction,
      limit: options.limit + 1,
      ...(options.cursor ? { after: decodeCursor(options.cursor, options.sort, options.direction) } : {}),
    };
    const pageSql = certificateListSql(filters, visible, request, now);
    const countSql = options.count ? certificateCountSql(filters, visible, now) : null;
    // The page's readiness follows the page, while the count (which reads every match) may still run.
    const [{ rows, more, items }, total] = await Promise.all([
      this.shapedPage(actor, pageSql, options.limit, now),
      countSql ? this.list.count(countSql) : null,
    ]);
    const last = rows.at(-1);
    return {
      items,
      total,
      nextCursor:
        more && last
          ? encodeCursor(options.sort, options.direction, {
              keys: Object.keys(last)
                .filter((k) => k.startsWith('sort_key_'))
                .sort()
                .map((k) => String(last[k])),
              id: String(last.id),
            })
          : null,
    };
  }

  /** Every matching certificate, page after page (memory stays one page, whatever the total). */
  async *all(
    actor: Actor,
    filters: CertificateFilters,
    order: Pick<PageOptions, 'sort' | 'direction'>,
    pageSize: number,
  ): AsyncGenerator<CertificateDto> {
    const now = this.clock.now();
    let cursor: string | undefined;
    do {
      const page = await this.page(actor, filters, { ...order, limit: pageSize, cursor }, now);
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** One page's rows, shaped (CertificateView, SSINs masked), each with its readiness. */
  private async shapedPage(
    actor: Actor,
    sql: Sql,
    limit: number,
    now: Date,
  ): Promise<{ rows: CertificateListRow[]; more: boolean; items: CertificatePage['items'] }> {
    const raw = await this.list.page(sql);
    const more = raw.length > limit;
    const rows = more ? raw.slice(0, limit) : raw;
    // Masked here, not only by the global interceptor: the CSV export streams past it.
    const shaped = new SsinMasker(actor).mask(
      this.view.shape(
        rows.map((row) => ({ row: this.list.hydrate(row), related: row as unknown as RelatedRow })),
        now,
      ),
    );
    // The page's readiness in one more statement of index look-ups (readiness-facts.ts), for its rows only.
    const readiness = await this.readiness.of(this.list.manager, shaped, now);
    const items = shaped.map((item) => ({ ...item, ready: readiness.get(item.id)?.ready ?? null }));
    return { rows, more, items };
  }
}
