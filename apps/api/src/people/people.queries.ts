import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PersonEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import { AccessPolicy } from '../access/access-policy.js';
import { NotFoundError } from '../common/errors.js';
import type { PersonDto } from './people.dto.js';
import { PersonView } from './person-view.js';

export class ListPeopleQuery extends Query<PersonDto[]> {
  constructor(
    readonly actor: Actor,
    readonly filter: { organisationId?: string; role?: string },
  ) {
    super();
  }
}

export class GetPersonQuery extends Query<PersonDto> {
  constructor(
    readonly actor: Actor,
    readonly personId: string,
  ) {
    super();
  }
}

@QueryHandler(ListPeopleQuery)
export class ListPeopleHandler implements IQueryHandler<ListPeopleQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly view: PersonView,
  ) {}

  async execute({ actor, filter }: ListPeopleQuery): Promise<PersonDto[]> {
    const visible = this.access.visibleOrganisationIds(actor, 'person.read');
    const query = this.db
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .where(
        `EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id
           AND (:all OR m.organisation_id = ANY(:visible))
           AND (:organisationId::uuid IS NULL OR m.organisation_id = :organisationId)
           AND (:role::text IS NULL OR :role = ANY(m.roles)))`,
        {
          all: visible === null,
          visible: visible ?? [],
          organisationId: filter.organisationId ?? null,
          role: filter.role ?? null,
        },
      )
      .orderBy('p.name', 'ASC');
    return this.view.load(this.db.manager, actor, await query.getMany());
  }
}

@QueryHandler(GetPersonQuery)
export class GetPersonHandler implements IQueryHandler<GetPersonQuery> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly view: PersonView,
  ) {}

  async execute({ actor, personId }: GetPersonQuery): Promise<PersonDto> {
    const person = await this.db.getRepository(PersonEntity).findOneBy({ id: personId });
    const [dto] = person ? await this.view.load(this.db.manager, actor, [person]) : [];
    // Visible through at least one membership, or it is the actor themself.
    if (!dto || (dto.memberships.length === 0 && !actor.centralAdmin && actor.personId !== personId))
      throw new NotFoundError('person');
    return dto;
  }
}
