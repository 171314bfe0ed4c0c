import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '@certdesk/persistence';
import { AccessPolicy } from '../../access/access-policy.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { NotFoundError } from '../../common/errors.js';
import { CalendarFeedLinks } from '../calendar-feed-links.js';
import type { CalendarFeedDto } from '../calendar-feed.dto.js';
import { RotateCalendarFeedCommand } from './rotate-calendar-feed.command.js';

@CommandHandler(RotateCalendarFeedCommand)
export class RotateCalendarFeedHandler implements ICommandHandler<RotateCalendarFeedCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly links: CalendarFeedLinks,
  ) {}

  async execute({ actor, organisationId }: RotateCalendarFeedCommand): Promise<CalendarFeedDto> {
    this.access.require(actor, 'organisation.update', organisationId, 'organisation');
    return this.db.transaction(async (manager) => {
      const organisation = await manager
        .getRepository(OrganisationEntity)
        .createQueryBuilder('o')
        .setLock('pessimistic_write')
        .where('o.id = :organisationId', { organisationId })
        .getOne();
      if (!organisation) throw new NotFoundError('organisation');
      const version = organisation.calendarTokenVersion + 1;
      await manager
        .getRepository(OrganisationEntity)
        .update({ id: organisationId }, { calendarTokenVersion: version });
      // The versions only: the URL itself is a secret and stays out of the audit trail.
      await this.audit.append(manager, actor, {
        action: 'organisation.calendar-feed-rotated',
        organisationId,
        before: { calendarTokenVersion: organisation.calendarTokenVersion },
        after: { calendarTokenVersion: version },
      });
      return { url: this.links.url(organisationId, version) };
    });
  }
}
