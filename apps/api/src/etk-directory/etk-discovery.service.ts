import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DEFAULT_ISSUER_ENVIRONMENTS,
  describeCertificate,
  etkDiscoveryEnvironments,
  publishesRenewedEtk,
} from '@certdesk/domain';
import { type DiscoveredEtk, EtkDepotError } from '@certdesk/etk-depot';
import { type ReadCertificate, serialDecimal } from '@certdesk/pki';
import { type AuditActor, type AuditRecord, AuditTrail } from '../audit/audit-trail.js';
import { insertCertificates, type NewCertificate } from '../certificates/import/certificate-inserts.js';
import { supersedeRenewedCertificates } from '../certificates/import/renewal-supersession.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock } from '../core/clock.js';
import { Transactions } from '../core/transactions.js';
import { CutOverLinks } from '../cut-over/cut-over-links.js';
import { recordEtkActivatedByDirectory } from '../lifecycle/advance-renewal/renewal-etk-activation.js';
import { Outbox } from '../outbox/outbox.js';
import { EtkDepotGateway } from './etk-depot-gateway.js';
import { EtkPublicationsRepository, type FoundEtk } from './etk-publications.repository.js';
import { RateLimitUnavailableError } from './redis-rate-limiter.js';

export type DiscoveryTrigger = 'manual' | 'schedule';

/** What one discovery did. */
export interface DiscoveryOutcome {
  /** GetEtk lookups answered (identifier x environment x application). */
  lookups: number;
  /** ETKs the directory publishes for the organisation now. */
  published: number;
  /** Certificates that entered the inventory from the directory. */
  addedCertificateIds: string[];
  /** Renewal cases whose phase 3 the directory showed done. */
  activatedRenewalCaseIds: string[];
  /** What was not asked, or could not be read: an identifier the depot cannot be asked for, an unreadable ETK. */
  skipped: { identifierType: string; identifierValue: string; environment: string | null; reason: string }[];
}

/** Why a discovery failed: the depot could not be asked, answered garbage, is off, or the rate limit is away. */
export class EtkDiscoveryFailure extends Error {
  override readonly name = 'EtkDiscoveryFailure';

  constructor(
    readonly code: 'DEPOT_UNREACHABLE' | 'DEPOT_ERROR' | 'DEPOT_DISABLED' | 'RATE_LIMIT_UNAVAILABLE',
    message: string,
  ) {
    super(message);
  }
}

/** How a discovery's own changes appear in the audit trail when nobody asked for it. */
export const SCHEDULED_DISCOVERY_ACTOR: AuditActor = { system: 'ETK directory discovery (schedule)' };

/**
 * An organisation's discovery in the eHealth ETK directory (docs/etk-directory.md): asks the depot for each of its
 * identifiers in the environments it uses (every application), then, in one transaction, records what it publishes
 * (first and last seen, withdrawn), brings each certificate found and unknown to the inventory into it once
 * (`source: etk-depot`, superseding what it renews), and records the phase 3 of a renewal whose new ETK the
 * directory now publishes. The depot is asked outside any transaction; the recording holds the organisation's lock.
 */
@Injectable()
export class EtkDiscovery {
  private readonly logger = new Logger('EtkDiscovery');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly gateway: EtkDepotGateway,
    private readonly repository: EtkPublicationsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly cutOver: CutOverLinks,
  ) {}

  /** Null when the organisation does not exist (any more). Throws EtkDiscoveryFailure, recorded on the organisation. */
  async discover(
    organisationId: string,
    trigger: DiscoveryTrigger,
    actor: AuditActor,
  ): Promise<DiscoveryOutcome | null> {
    const targets = await this.repository.targets(this.transactions.manager, organisationId);
    if (!targets) return null;
    const environments = etkDiscoveryEnvironments(targets.certificateEnvironments);
    const skipped: DiscoveryOutcome['skipped'] = [];
    const found: DiscoveredEtk[] = [];
    /** The (identifier, environment) pairs the depot answered: what it no longer lists there is withdrawn. */
    const answered: { identifierType: string; identifierValue: string; environment: string }[] = [];
    let lookups = 0;
    try {
      for (const identifier of targets.identifiers) {
        for (const environment of environments) {
          try {
            const discovery = await this.gateway.depot.discover(
              { identifierType: identifier.type, identifierValue: identifier.value },
              environment,
            );
            lookups += discovery.lookups.length;
            answered.push({
              identifierType: discovery.query.identifierType,
              identifierValue: discovery.query.identifierValue,
              environment,
            });
            for (const etk of discovery.etks) {
              if (etk.contents) found.push(etk);
              else
                skipped.push({
                  identifierType: etk.identifierType,
                  identifierValue: etk.identifierValue,
                  environment,
                  reason: `an ETK it publishes cannot be read: ${etk.unreadable?.message ?? 'unreadable'}`,
                });
            }
          } catch (error) {
            if (!(error instanceof EtkDepotError) || error.code !== 'INVALID_IDENTIFIER') throw error;
            skipped.push({
              identifierType: identifier.type,
              identifierValue: identifier.value,
              environment: null,
              reason: error.message,
            });
            break; // the same in every environment
          }
        }
      }
    } catch (error) {
      const failure = asFailure(error);
      if (!failure) throw error;
      await this.repository.recordFailure(
        this.transactions.manager,
        organisationId,
        trigger,
        { code: failure.code, message: failure.message },
        this.clock.now(),
      );
      this.logger.warn(`organisation ${organisationId}: ${failure.code}: ${failure.message}`);
      throw failure;
    }
    const now = this.clock.now();
    return this.transactions.run(async (manager) => {
      await this.repository.lockOrganisation(manager, organisationId);
      const recorded = await this.record(manager, organisationId, found, answered, actor, now);
      await this.repository.recordSuccess(manager, organisationId, trigger, now);
      return { lookups, skipped, ...recorded };
    });
  }

  private async record(
    manager: EntityManager,
    organisationId: string,
    found: DiscoveredEtk[],
    answered: { identifierType: string; identifierValue: string; environment: string }[],
    actor: AuditActor,
    now: Date,
  ): Promise<Omit<DiscoveryOutcome, 'lookups' | 'skipped'>> {
    const records: AuditRecord[] = [];
    const { ids, added } = await this.inventory(manager, organisationId, found, now, records);

    // One row per environment and encryption certificate (a holder's ETK listed under two applications is one).
    const etks = new Map<string, FoundEtk>();
    for (const etk of found) {
      const { encryption, authentication } = etk.contents!;
      etks.set(`${etk.environment} ${encryption.sha256Fingerprint}`, {
        identifierType: etk.identifierType,
        identifierValue: etk.identifierValue,
        applicationId: etk.applicationId,
        environment: etk.environment,
        encryptionSerialNumber: encryption.serialNumber,
        encryptionAlias: serialDecimal(encryption.serialNumber),
        encryptionFingerprint: encryption.sha256Fingerprint,
        encryptionNotAfter: encryption.notAfter,
        authenticationSerialNumber: authentication.serialNumber,
        authenticationFingerprint: authentication.sha256Fingerprint,
        authenticationNotAfter: authentication.notAfter,
        certificateId: ids.get(authentication.sha256Fingerprint)!,
      });
    }
    const existing = await this.repository.publications(manager, organisationId);
    const byKey = new Map(existing.map((p) => [`${p.environment} ${p.encryptionFingerprint}`, p]));
    const publicationRecord = (action: string, etk: FoundEtk | (typeof existing)[number]): AuditRecord => ({
      action,
      organisationId,
      certificateId: etk.certificateId,
      after: {
        identifierType: etk.identifierType,
        identifierValue: etk.identifierValue,
        applicationId: etk.applicationId,
        environment: etk.environment,
        encryptionSerialNumber: etk.encryptionSerialNumber,
        encryptionFingerprint: etk.encryptionFingerprint,
        authenticationFingerprint: etk.authenticationFingerprint,
      },
    });
    for (const [key, etk] of etks) {
      const row = byKey.get(key);
      if (!row) await this.repository.insert(manager, organisationId, etk, now);
      else await this.repository.seen(manager, row.id, etk, now);
      if (!row || row.withdrawnAt !== null) records.push(publicationRecord('etk.published', etk));
    }
    // What an answered lookup no longer lists is withdrawn; an identifier not asked this time is left as it was.
    const wasAnswered = (p: (typeof existing)[number]) =>
      answered.some(
        (a) =>
          a.identifierType === p.identifierType &&
          a.identifierValue === p.identifierValue &&
          a.environment === p.environment,
      );
    const withdrawn = existing.filter(
      (p) =>
        p.withdrawnAt === null && !etks.has(`${p.environment} ${p.encryptionFingerprint}`) && wasAnswered(p),
    );
    await this.repository.withdraw(
      manager,
      withdrawn.map((p) => p.id),
      now,
    );
    for (const p of withdrawn) records.push(publicationRecord('etk.withdrawn', p));
    if (records.length > 0) await this.audit.appendMany(manager, actor, records, now);

    const activatedRenewalCaseIds = await this.activateRenewals(
      manager,
      organisationId,
      [...etks.values()],
      found,
      now,
    );
    const newlyPublished = records.filter((r) => r.action === 'etk.published').length;
    if (added.length || newlyPublished || withdrawn.length || activatedRenewalCaseIds.length)
      await this.outbox.add(manager, 'etk-directory.findings', {
        organisationId,
        addedCertificateIds: added,
        published: newlyPublished,
        withdrawn: withdrawn.length,
        activatedRenewalCaseIds,
      });
    return { published: etks.size, addedCertificateIds: added, activatedRenewalCaseIds };
  }

  /**
   * The authentication certificates found, in the inventory: those already there are left as they are; the others
   * enter it once (`source: etk-depot`, no keystore known), superseding the older certificates they renew.
   */
  private async inventory(
    manager: EntityManager,
    organisationId: string,
    found: DiscoveredEtk[],
    now: Date,
    records: AuditRecord[],
  ): Promise<{ ids: Map<string, string>; added: string[] }> {
    const certificates = new Map<string, { read: ReadCertificate; environment: string }>();
    for (const etk of found) {
      const read = etk.contents!.authentication;
      certificates.set(read.sha256Fingerprint, { read, environment: etk.environment });
    }
    const ids = await this.repository.certificateIds(manager, organisationId, [...certificates.keys()]);
    const missing = [...certificates.values()]
      .filter((c) => !ids.has(c.read.sha256Fingerprint))
      .sort((a, b) => a.read.notAfter.getTime() - b.read.notAfter.getTime());
    if (missing.length === 0) return { ids, added: [] };
    const values = missing.map((c) => this.newCertificate(organisationId, c.read, c.environment, now));
    const inserted = await insertCertificates(manager, organisationId, values);
    const fresh = values.filter((v) => inserted.inserted.has(v.sha256Fingerprint));
    const freshIds = fresh.map((v) => inserted.ids.get(v.sha256Fingerprint)!);
    await this.repository.markSource(manager, freshIds, 'etk-depot');
    for (const [fingerprint, id] of inserted.ids) ids.set(fingerprint, id);
    const { auditRecords } = await supersedeRenewedCertificates(
      manager,
      fresh.map((v) => ({ id: inserted.ids.get(v.sha256Fingerprint)!, ...v })),
    );
    for (const v of fresh) {
      const id = inserted.ids.get(v.sha256Fingerprint)!;
      records.push({
        action: 'certificate.discovered',
        organisationId,
        certificateId: id,
        after: {
          source: 'etk-depot',
          sha256Fingerprint: v.sha256Fingerprint,
          subject: v.subject,
          issuer: v.issuer,
          serialNumber: v.serialNumber,
          notBefore: v.notBefore,
          notAfter: v.notAfter,
          identifierType: v.identifierType,
          identifierValue: v.identifierValue,
          applicationId: v.applicationId,
          environment: v.environment,
        },
      });
      records.push(...(auditRecords.get(id) ?? []));
    }
    return { ids, added: freshIds };
  }

  private newCertificate(
    organisationId: string,
    read: ReadCertificate,
    depotEnvironment: string,
    now: Date,
  ): NewCertificate {
    const description = describeCertificate(read, {
      now,
      issuerEnvironments: [...this.config.issuerEnvironments, ...DEFAULT_ISSUER_ENVIRONMENTS],
    });
    const ehealth = description.ehealth;
    return {
      organisationId,
      sha256Fingerprint: description.sha256Fingerprint,
      subject: description.subject,
      issuer: description.issuer,
      serialNumber: description.serialNumber,
      notBefore: read.notBefore,
      notAfter: read.notAfter,
      keyAlgorithm: description.keyAlgorithm,
      keyUsages: read.keyUsages,
      der: Buffer.from(read.der),
      identifierType: ehealth?.identifierType ?? null,
      identifierValue: ehealth?.identifierValue ?? null,
      applicationId: ehealth?.applicationId ?? null,
      holderName: ehealth?.holderName ?? null,
      // The depot that publishes it says which environment it is, where its issuer is not known to Certdesk.
      environment: ehealth && ehealth.environment !== 'unknown' ? ehealth.environment : depotEnvironment,
      knownType: ehealth?.knownType ?? null,
      checkDigitsValid: ehealth?.checkDigitsValid ?? null,
      hasPrivateKey: false,
      alias: null,
      importedAt: now,
      importedById: null,
    };
  }

  /** Phase 3 of each renewal at phase 2 whose renewed certificate's ETK the directory now publishes. */
  private async activateRenewals(
    manager: EntityManager,
    organisationId: string,
    published: FoundEtk[],
    found: DiscoveredEtk[],
    now: Date,
  ): Promise<string[]> {
    if (published.length === 0) return [];
    const renewals = await this.repository.renewalsAtPhase2(manager, organisationId);
    const authentication = new Map(
      found.map((etk) => [etk.contents!.authentication.sha256Fingerprint, etk.contents!.authentication]),
    );
    const activated: string[] = [];
    for (const { renewal, certificate, renewedFingerprint } of renewals) {
      const match = published.find((etk) => {
        const read = authentication.get(etk.authenticationFingerprint)!;
        const description = describeCertificate(read, { now });
        return publishesRenewedEtk(
          {
            state: 'phase2-completed',
            certificate,
            renewedCertificate: renewedFingerprint ? { sha256Fingerprint: renewedFingerprint } : null,
          },
          {
            sha256Fingerprint: etk.authenticationFingerprint,
            notAfter: etk.authenticationNotAfter,
            identifierType: description.ehealth?.identifierType ?? null,
            identifierValue: description.ehealth?.identifierValue ?? null,
            applicationId: description.ehealth?.applicationId ?? null,
            environment: etk.environment,
          },
        );
      });
      if (!match) continue;
      const done = await recordEtkActivatedByDirectory(
        manager,
        { audit: this.audit, outbox: this.outbox, cutOver: this.cutOver },
        renewal,
        {
          environment: match.environment,
          authenticationFingerprint: match.authenticationFingerprint,
          encryptionFingerprint: match.encryptionFingerprint,
        },
        now,
      );
      if (done) activated.push(renewal.id);
    }
    return activated;
  }
}

function asFailure(error: unknown): EtkDiscoveryFailure | null {
  if (error instanceof EtkDiscoveryFailure) return error;
  if (error instanceof RateLimitUnavailableError)
    return new EtkDiscoveryFailure('RATE_LIMIT_UNAVAILABLE', error.message);
  if (error instanceof EtkDepotError && error.code !== 'INVALID_IDENTIFIER')
    return new EtkDiscoveryFailure(error.code, error.message);
  return null;
}
