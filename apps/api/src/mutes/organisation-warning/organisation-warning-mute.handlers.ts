import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { checkMuteInput, isMuteInForce } from '@certdesk/domain';
import { OrganisationEntity } from '@certdesk/persistence';
import type { Actor } from '../../access/actor.js';
import { AccessPolicy } from '../../access/access-policy.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { Transactions } from '../../core/transactions.js';
import { WARNING_CODES } from '../../warnings/warnings-sql.js';
import { MUTE_ACTIONS, muteAuditSummary } from '../mute-actions.js';
import type { MuteDto } from '../mutes.dto.js';
import { MutesRepository, type MuteTarget } from '../mutes.repository.js';
import {
  MuteOrganisationWarningCommand,
  UnmuteOrganisationWarningCommand,
} from './organisation-warning-mute.commands.js';

/** The organisation (locked, so two mutes of one warning queue up), for an actor who may mute there. */
async function organisationFor(
  manager: EntityManager,
  access: AccessPolicy,
  actor: Actor,
  organisationId: string,
  warningCode: string,
): Promise<MuteTarget> {
  access.require(actor, 'certificate.mute', organisationId, 'organisation');
  const organisation = await manager
    .getRepository(OrganisationEntity)
    .createQueryBuilder('o')
    .setLock('pessimistic_write')
    .where('o.id = :organisationId', { organisationId })
    .getOne();
  if (!organisation) throw new NotFoundError('organisation');
  if (!(WARNING_CODES as readonly string[]).includes(warningCode))
    throw new UnprocessableError('UNKNOWN_WARNING', `${warningCode} is not a warning code.`);
  return { organisationId, certificateId: null, warningCode };
}

@CommandHandler(MuteOrganisationWarningCommand)
export class MuteOrganisationWarningHandler implements ICommandHandler<MuteOrganisationWarningCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: AccessPolicy,
    private readonly mutes: MutesRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  execute({
    actor,
    organisationId,
    warningCode,
    input,
    options,
  }: MuteOrganisationWarningCommand): Promise<MuteDto> {
    const work = async (manager: EntityManager): Promise<MuteDto> => {
      const target = await organisationFor(manager, this.access, actor, organisationId, warningCode);
      const now = this.clock.now();
      const checked = checkMuteInput(input, now);
      if (!checked.ok) throw new UnprocessableError(checked.reason, checked.message);
      const mute = checked.value;
      if (mute.replacedByCertificateId !== null)
        await this.mutes.requireReplacementIn(manager, organisationId, mute.replacedByCertificateId);
      const { id, previous } = await this.mutes.replace(manager, target, mute, actor.userId, now);
      await this.audit.append(
        manager,
        actor,
        {
          action: MUTE_ACTIONS.warningMuted,
          organisationId,
          before: previous ? muteAuditSummary(previous) : null,
          after: { ...muteAuditSummary({ id, warningCode, ...mute }), until: mute.until.toISOString() },
        },
        now,
      );
      return this.mutes.loadOne(manager, id);
    };
    return options.manager ? work(options.manager) : this.transactions.run(work);
  }
}

@CommandHandler(UnmuteOrganisationWarningCommand)
export class UnmuteOrganisationWarningHandler implements ICommandHandler<UnmuteOrganisationWarningCommand> {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: AccessPolicy,
    private readonly mutes: MutesRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  execute({ actor, organisationId, warningCode, options }: UnmuteOrganisationWarningCommand): Promise<void> {
    const work = async (manager: EntityManager): Promise<void> => {
      const target = await organisationFor(manager, this.access, actor, organisationId, warningCode);
      const now = this.clock.now();
      const mute = await this.mutes.findNotUnmuted(manager, target);
      if (!mute || !isMuteInForce(mute, null, now))
        throw new ConflictError('NOT_MUTED', 'Nothing is muted here: no mute is in force.');
      await this.mutes.markUnmuted(manager, mute.id, actor.userId, now);
      await this.audit.append(
        manager,
        actor,
        {
          action: MUTE_ACTIONS.warningUnmuted,
          organisationId,
          before: { ...muteAuditSummary(mute), until: mute.until.toISOString() },
          after: { muteId: mute.id, unmutedAt: now.toISOString() },
        },
        now,
      );
    };
    return options.manager ? work(options.manager) : this.transactions.run(work);
  }
}
