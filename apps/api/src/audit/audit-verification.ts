import { randomUUID } from 'node:crypto';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuditVerificationProgress } from '@certdesk/contracts';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';
import { OrganisationsRepository } from '../organisations/organisations.repository.js';
import { auditChainFor } from './audit-trail.js';
import { AuditVerifier, type ChainVerification } from './audit-verifier.js';
import type { ChainVerificationDto } from './audit.dto.js';

/** The verification's lease in Redis, renewed while it runs: a replica that dies mid-way frees it this soon. */
export const VERIFICATION_LEASE_MS = 30_000;

/** The Redis key that lets one log-in run one verification at a time, on every replica, in a request or as a job. */
export function verificationLeaseKey(prefix: string, userId: string): string {
  return `${prefix}:audit-verify:${userId}`;
}

/** Who holds the lease for a verification in a request: a job holds it under its own id, which has no such prefix. */
const REQUEST_HOLDER_PREFIX = 'request:';

/** A name under which a verification in a request holds its log-in's lease. */
export function requestHolder(): string {
  return `${REQUEST_HOLDER_PREFIX}${randomUUID()}`;
}

/** Whether the lease's holder is a verification in a request (rather than a job, named by its id). */
export function isRequestHolder(holder: string): boolean {
  return holder.startsWith(REQUEST_HOLDER_PREFIX);
}

/** The chains one verification checks: null for every chain of the installation. */
export type VerificationScope = string[] | null;

/**
 * What a verification may check for whom, and its answer named: the same for one answered in its request
 * (POST /audit/verify) and for one run as a job (POST /audit/verifications).
 */
@Injectable()
export class AuditVerification {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly verifier: AuditVerifier,
    private readonly organisations: OrganisationsRepository,
  ) {}

  /**
   * Every chain for a central administrator, else their organisations'; or, given an organisation, its chain alone.
   * Another tenant's organisation answers as a missing one; a central administrator's unknown id too, rather than
   * an empty chain reported as holding.
   */
  async scope(actor: Actor, organisationId: string | null): Promise<VerificationScope> {
    if (organisationId !== null) {
      this.access.require(actor, 'audit.verify', organisationId, 'organisation');
      const known = await this.organisations.namesById(this.db.manager, [organisationId]);
      if (!known.has(organisationId)) throw new NotFoundError('organisation');
      return [auditChainFor(organisationId)];
    }
    if (actor.centralAdmin) return null;
    const organisationIds = this.access.visibleOrganisationIds(actor, 'audit.verify') ?? [];
    if (organisationIds.length === 0) throw new ForbiddenException('your role does not allow audit.verify');
    return organisationIds.sort().map(auditChainFor);
  }

  /** Recomputes the chains, then names each chain's organisation: the global chain first, then by name. */
  async run(
    scope: VerificationScope,
    onProgress?: (progress: AuditVerificationProgress) => void,
    signal?: AbortSignal,
  ): Promise<ChainVerificationDto[]> {
    const verified = await this.verifier.verify(scope ?? undefined, onProgress, signal);
    const global = auditChainFor(null);
    const names = await this.organisations.namesById(
      this.db.manager,
      verified.flatMap((c) => (c.chain === global ? [] : [c.chain])),
    );
    return withOrganisationNames(verified, names);
  }
}

function withOrganisationNames(
  chains: ChainVerification[],
  names: Map<string, string>,
): ChainVerificationDto[] {
  const global = auditChainFor(null);
  return chains
    .map((c) => ({ ...c, organisationName: c.chain === global ? null : (names.get(c.chain) ?? null) }))
    .sort((a, b) =>
      a.chain === global
        ? -1
        : b.chain === global
          ? 1
          : (a.organisationName ?? '').localeCompare(b.organisationName ?? '') ||
            a.chain.localeCompare(b.chain),
    );
}
