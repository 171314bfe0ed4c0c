import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';
import { requireLabel } from '../labels/certificate-labelling.js';
import { LabelsRepository } from '../labels/labels.repository.js';
import { CalendarFeedLinks } from './calendar-feed-links.js';
import type { CalendarFeedDto } from './calendar-feed.dto.js';

/** The secret URL of an organisation's calendar feed, or of one of its labels' (by name), for its members. */
export class GetCalendarFeedQuery extends Query<CalendarFeedDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string,
    readonly label?: string,
  ) {
    super();
  }
}

@QueryHandler(GetCalendarFeedQuery)
export class GetCalendarFeedHandler implements IQueryHandler<GetCalendarFeedQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly links: CalendarFeedLinks,
    private readonly labels: LabelsRepository,
  ) {}

  async execute({ actor, organisationId, label }: GetCalendarFeedQuery): Promise<CalendarFeedDto> {
    this.access.require(actor, 'organisation.read', organisationId, 'organisation');
    const organisation = await this.db.getRepository(OrganisationEntity).findOne({
      select: { id: true, calendarTokenVersion: true },
      where: { id: organisationId },
    });
    if (!organisation) throw new NotFoundError('organisation');
    if (label === undefined)
      return { url: this.links.url(organisation.id, organisation.calendarTokenVersion) };
    const stored = await this.labels.find(this.db.manager, organisation.id, requireLabel(label).key);
    if (!stored) throw new NotFoundError('label');
    return {
      url: this.links.labelUrl(organisation.id, organisation.calendarTokenVersion, stored.id),
      label: stored.name,
    };
  }
}
