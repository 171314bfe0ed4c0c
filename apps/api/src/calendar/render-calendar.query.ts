import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CertificateEntity, OrganisationEntity } from '@certdesk/persistence';
import { NotFoundError } from '../common/errors.js';
import { CertificateView } from '../certificates/certificate-view.js';
import { buildCalendar } from './calendar-ics.js';
import { CalendarFeedLinks } from './calendar-feed-links.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The public feed (no log-in: the token in its URL is the credential). Anything wrong answers the same 404. */
export class RenderCalendarQuery extends Query<string> {
  constructor(
    readonly organisationId: string,
    readonly token: string,
  ) {
    super();
  }
}

@QueryHandler(RenderCalendarQuery)
export class RenderCalendarHandler implements IQueryHandler<RenderCalendarQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly links: CalendarFeedLinks,
    private readonly view: CertificateView,
  ) {}

  async execute({ organisationId, token }: RenderCalendarQuery): Promise<string> {
    const organisation = UUID.test(organisationId)
      ? await this.db.getRepository(OrganisationEntity).findOneBy({ id: organisationId })
      : null;
    if (!organisation || !this.links.matches(organisation.id, organisation.calendarTokenVersion, token))
      throw new NotFoundError('calendar feed');
    const rows = await this.db
      .getRepository(CertificateEntity)
      .find({ where: { organisationId, state: 'active' }, order: { notAfter: 'ASC', id: 'ASC' } });
    return buildCalendar({
      organisationName: organisation.name,
      reminderMilestones: organisation.reminderMilestones,
      certificates: await this.view.load(this.db.manager, rows),
      certificateUrl: (id) => this.links.certificateUrl(id),
    });
  }
}
