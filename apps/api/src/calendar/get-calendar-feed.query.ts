import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';
import { CalendarFeedLinks } from './calendar-feed-links.js';
import type { CalendarFeedDto } from './calendar-feed.dto.js';

/** The secret URL of an organisation's calendar feed, for its members. */
export class GetCalendarFeedQuery extends Query<CalendarFeedDto> {
  constructor(
    readonly actor: Actor,
    readonly organisationId: string,
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
  ) {}

  async execute({ actor, organisationId }: GetCalendarFeedQuery): Promise<CalendarFeedDto> {
    this.access.require(actor, 'organisation.read', organisationId, 'organisation');
    const organisation = await this.db.getRepository(OrganisationEntity).findOne({
      select: { id: true, calendarTokenVersion: true },
      where: { id: organisationId },
    });
    if (!organisation) throw new NotFoundError('organisation');
    return { url: this.links.url(organisation.id, organisation.calendarTokenVersion) };
  }
}
