import { CERTIFICATE_STATUSES } from '@certdesk/domain';
import type { CertificateListQuery } from '../api/types.js';

/**
 * The certificates list's request as its address describes it, and a certificate's: one home for the pages and for
 * the app, which starts a page's first request before the page renders (page-data.ts). Nothing here draws, so the app's own bundle can
 * hold it without the page's code.
 */
export const ENVIRONMENTS = ['production', 'acceptance', 'unknown'] as const;
export const STATES = ['active', 'superseded', 'revoked'] as const;
export const SORTS = ['notAfter', 'identifier', 'holder', 'organisation', 'importedAt'] as const;
export const READINESS_FILTERS = ['ready', 'not-ready'] as const;
export type ReadinessFilterValue = (typeof READINESS_FILTERS)[number];
export const PAGE_SIZE = 50;

/** `?readiness=` as the list's filter, when it is one of ours. */
export function readinessFrom(search: URLSearchParams): ReadinessFilterValue | undefined {
  const value = search.get('readiness');
  return (READINESS_FILTERS as readonly string[]).includes(value ?? '')
    ? (value as ReadinessFilterValue)
    : undefined;
}

/** The table's filters live in the address, so a filtered view can be bookmarked and shared. */
export function queryFromSearch(search: URLSearchParams): CertificateListQuery {
  const list = <T extends string>(name: string, allowed: readonly T[]) =>
    search.getAll(name).filter((v): v is T => (allowed as readonly string[]).includes(v));
  const status = list('status', CERTIFICATE_STATUSES);
  const environment = list('environment', ENVIRONMENTS);
  const state = list('state', STATES);
  const sort = search.get('sort');
  const within = search.get('expiresWithinDays');
  const label = search.getAll('label').filter((v) => v.trim() !== '');
  return {
    q: search.get('q') || undefined,
    organisationId: search.get('organisationId') || undefined,
    status: status.length ? status : undefined,
    environment: environment.length ? environment : undefined,
    state: state.length ? state : undefined,
    expiresWithinDays: within && /^\d+$/.test(within) ? Number(within) : undefined,
    label: label.length ? label : undefined,
    readiness: readinessFrom(search),
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as (typeof SORTS)[number]) : undefined,
    direction: search.get('direction') === 'desc' ? 'desc' : undefined,
  };
}

/** A page of the list (the first without `cursor`), never counted: the count is asked apart, after the rows. */
export function certificatesPageRequest(search: URLSearchParams, cursor?: string) {
  return { params: { query: { ...queryFromSearch(search), limit: PAGE_SIZE, cursor, count: false } } };
}

/** One certificate's page. */
export function certificateRequest(id: string) {
  return { params: { path: { id } } };
}
