import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { dueCutOverReminder } from '@certdesk/domain';
import { AuditTrail } from '../audit/audit-trail.js';
import { TokenHasher } from '../auth/token-hasher.js';
import { mailLanguages } from '../common/mail-languages.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Clock } from '../core/clock.js';
import { Transactions } from '../core/transactions.js';
import { Outbox } from '../outbox/outbox.js';
import { CUT_OVER_TOKEN_PREFIX } from './cut-over-links.js';
import { CutOverRequestsRepository } from './cut-over-requests.repository.js';
import { cutOverRequestState } from './cut-over-request-state.js';

/** Requests examined per query: each due one is then reminded in a transaction of its own. */
const PAGE = 500;

/** Who reminds, in the audit trail: the schedule, not a person. */
const REMINDER_ACTOR = { system: 'cut-over reminders (REMINDER_CRON)' };

/**
 * Reminds the contacts who have not confirmed their cut-over (issue 14), CUT_OVER_REMINDER_DAYS after their link was
 * mailed. Each reminder mints a fresh link for the same request (only its HMAC is kept; the earlier links keep working
 * until the request expires, docs/decisions.md) and is recorded, audited and put in the outbox in one transaction,
 * under the request's row lock and a unique (request, ordinal) index: a run repeated, or run by two replicas at once,
 * reminds nobody twice. A request confirmed, overridden or expired is not reminded.
 */
@Injectable()
export class CutOverReminders {
  private readonly logger = new Logger('CutOverReminders');

  constructor(
    private readonly transactions: Transactions,
    private readonly requests: CutOverRequestsRepository,
    private readonly tokens: TokenHasher,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends every reminder due now; answers how many it recorded. */
  async remindDue(): Promise<number> {
    const days = this.config.cutOverReminderDays;
    if (days.length === 0) return 0;
    const now = this.clock.now();
    let reminded = 0;
    let afterId: string | null = null;
    for (;;) {
      const ids = await this.requests.remindable(this.transactions.manager, {
        now,
        firstDay: days[0]!,
        atMost: days.length,
        afterId,
        limit: PAGE,
      });
      for (const id of ids) {
        if (await this.transactions.run((manager) => this.remindOne(manager, id, days, now))) reminded++;
      }
      if (ids.length < PAGE) break;
      afterId = ids[ids.length - 1]!;
    }
    if (reminded) this.logger.log(`${reminded} unconfirmed cut-over contact(s) reminded`);
    return reminded;
  }

  private async remindOne(manager: EntityManager, id: string, days: number[], now: Date): Promise<boolean> {
    const locked = await this.requests.lockWithReminders(manager, id);
    if (!locked) return false;
    const { request, lastReminder } = locked;
    // Read again under the lock: a confirmation or an override may have come since the page was read.
    if (cutOverRequestState(request, now) !== 'pending' || !request.contactEmail || !request.mailedAt)
      return false;
    const ordinal = dueCutOverReminder(request.mailedAt, lastReminder, days, now);
    if (ordinal === null) return false;
    const token = this.tokens.newToken(CUT_OVER_TOKEN_PREFIX);
    const reminderId = await this.requests.insertReminder(manager, {
      cutOverRequestId: id,
      ordinal,
      tokenHash: this.tokens.hash(token),
      createdAt: now,
    });
    if (!reminderId) return false;
    // One after the other: the transaction's queries share one connection.
    const deployment = await this.requests.deploymentById(manager, request.deploymentId);
    const organisation = await this.requests.organisationOf(manager, request.organisationId);
    if (!deployment || !organisation) return false;
    await this.outbox.add(manager, 'cut-over.reminded', {
      cutOverRequestId: id,
      cutOverReminderId: reminderId,
      ordinal,
      organisationId: request.organisationId,
      organisationName: organisation.name,
      certificateId: request.certificateId,
      renewalCaseId: request.renewalCaseId,
      deploymentId: request.deploymentId,
      software: deployment.software,
      integrator: deployment.integrator,
      contactEmail: request.contactEmail,
      languages: mailLanguages(organisation.languages),
      token,
      expiresAt: request.expiresAt.toISOString(),
    });
    await this.audit.append(
      manager,
      REMINDER_ACTOR,
      {
        action: 'cut-over.reminded',
        organisationId: request.organisationId,
        certificateId: request.certificateId,
        after: {
          cutOverRequestId: id,
          renewalCaseId: request.renewalCaseId,
          deploymentId: request.deploymentId,
          software: deployment.software,
          contactEmail: request.contactEmail,
          reminder: ordinal,
        },
      },
      now,
    );
    return true;
  }
}
