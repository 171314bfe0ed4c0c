import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RenewalCaseEntity } from '@certdesk/persistence';
import { TokenHasher } from '../auth/token-hasher.js';
import { mailLanguages } from '../common/mail-languages.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Outbox } from '../outbox/outbox.js';
import { CutOverRequestsRepository } from './cut-over-requests.repository.js';

/** The token's prefix: a cut-over link's token is told apart from a set-password link's (`cdl_`) at a glance. */
export const CUT_OVER_TOKEN_PREFIX = 'cdc';

/** A token TokenHasher.newToken could have made for a cut-over link: anything else is answered 404 unhashed. */
export function isCutOverToken(token: string): boolean {
  return /^cdc_[A-Za-z0-9_-]{43}$/.test(token);
}

/**
 * Phase 3 of a renewal, in the caller's transaction: one cut-over request per deployment of the old certificate,
 * each with its own random token (only its HMAC is stored) and expiry, and, for each deployment with a contact, an
 * outbox message the notifier mails the personal link from (a deployment without a contact still counts as using the
 * old certificate, until an administrator overrides).
 */
@Injectable()
export class CutOverLinks {
  constructor(
    private readonly requests: CutOverRequestsRepository,
    private readonly tokens: TokenHasher,
    private readonly outbox: Outbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(
    manager: EntityManager,
    renewal: Pick<RenewalCaseEntity, 'id' | 'organisationId' | 'certificateId'>,
    now: Date,
  ): Promise<number> {
    const deployments = await this.requests.deploymentsOf(manager, renewal.certificateId);
    if (deployments.length === 0) return 0;
    const organisation = (await this.requests.organisationOf(manager, renewal.organisationId))!;
    const expiresAt = new Date(now.getTime() + this.config.cutOverLinkDays * 86_400_000);
    const issued = deployments.map((deployment) => ({
      deployment,
      token: this.tokens.newToken(CUT_OVER_TOKEN_PREFIX),
      contactEmail: deployment.contactEmail?.trim().toLowerCase() || null,
    }));
    const ids = await this.requests.insert(
      manager,
      issued.map(({ deployment, token, contactEmail }) => ({
        organisationId: renewal.organisationId,
        certificateId: renewal.certificateId,
        renewalCaseId: renewal.id,
        deploymentId: deployment.id,
        contactEmail,
        tokenHash: this.tokens.hash(token),
        expiresAt,
      })),
    );
    const languages = mailLanguages(organisation.languages);
    for (const [index, { deployment, token, contactEmail }] of issued.entries()) {
      if (!contactEmail || !ids[index]) continue;
      await this.outbox.add(manager, 'cut-over.requested', {
        cutOverRequestId: ids[index],
        organisationId: renewal.organisationId,
        organisationName: organisation.name,
        certificateId: renewal.certificateId,
        renewalCaseId: renewal.id,
        deploymentId: deployment.id,
        software: deployment.software,
        integrator: deployment.integrator,
        contactEmail,
        languages,
        token,
        expiresAt: expiresAt.toISOString(),
      });
    }
    return ids.length;
  }
}
