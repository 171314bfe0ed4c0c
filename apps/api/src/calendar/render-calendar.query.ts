import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CertificateEntity, OrganisationEntity } from '@certdesk/persistence';
import { NotFoundError } from '../common/errors.js';
import { CertificateView } from '../certificates/certificate-view.js';
import { LabelsRepository } from '../labels/labels.repository.js';
import { buildCalendar } from './calendar-ics.js';
import { CalendarFeedLinks } from './calendar-feed-links.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The public feed (no log-in: the token in its URL is the credential). Anything wrong answers the same 404. */
export class RenderCalendarQuery extends Query<string> {
  constructor(
    readonly organisationId: string,
    readonly token: string,
    /** A label's feed: only its certificates. */
    readonly labelId?: string,
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
    private readonly labels: LabelsRepository,
  ) {}

  async execute({ organisationId, token, labelId }: RenderCalendarQuery): Promise<string> {
    const organisation = UUID.test(organisationId)
      ? await this.db.getRepository(OrganisationEntity).findOneBy({ id: organisationId })
      : null;
    if (!organisation) throw new NotFoundError('calendar feed');
    const version = organisation.calendarTokenVersion;
    const label =
      labelId === undefined
        ? null
        : UUID.test(labelId) && this.links.labelMatches(organisation.id, version, labelId, token)
          ? await this.labels.findById(this.db.manager, organisation.id, labelId)
          : null;
    if (labelId === undefined ? !this.links.matches(organisation.id, version, token) : !label)
      throw new NotFoundError('calendar feed');
    const query = this.db
      .getRepository(CertificateEntity)
      .createQueryBuilder('c')
      .where('c.organisationId = :organisationId AND c.state = :state', { organisationId, state: 'active' })
      .orderBy('c.notAfter', 'ASC')
      .addOrderBy('c.id', 'ASC');
    if (label)
      query.innerJoin('certificate_label', 'cl', 'cl.certificate_id = c.id AND cl.label_id = :labelId', {
        labelId: label.id,
      });
    const rows = await query.getMany();
    return buildCalendar({
      organisationName: label ? `${organisation.name}: ${label.name}` : organisation.name,
      reminderMilestones: organisation.reminderMilestones,
      certificates: await this.view.load(this.db.manager, rows),
      certificateUrl: (id) => this.links.certificateUrl(id),
    });
  }
}
