import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { NotFoundError } from '../common/errors.js';
import { Transactions } from '../core/transactions.js';
import { UsersRepository } from '../users/users.repository.js';
import {
  DEMO_ADMIN,
  DEMO_CARD_COMMAND,
  DEMO_CARD_HOLDERS,
  DEMO_CARD_PIN,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  demoEmail,
  demoName,
} from './demo-directory.js';
import type { DemoDto, DemoLoginDto } from './demo.dto.js';

/** What the log-in page of the demo lists: its log-ins and cards. Answers 404 unless the api runs the demo (DEMO). */
export class GetDemoQuery extends Query<DemoDto> {}

@QueryHandler(GetDemoQuery)
export class GetDemoHandler implements IQueryHandler<GetDemoQuery> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
  ) {}

  async execute(): Promise<DemoDto> {
    if (!this.config.demo) throw new NotFoundError('demo');
    const logins: DemoLoginDto[] = [];
    // The central administrator only while they have the demo's published password: never someone's own.
    if (this.config.admin?.password === DEMO_ADMIN.password) {
      logins.push({
        email: this.config.admin.email,
        password: DEMO_ADMIN.password,
        name: 'Central administrator',
        roles: [{ role: 'central-admin', organisationName: null }],
      });
    }
    for (const person of DEMO_PEOPLE.filter((p) => p.login)) {
      const login = await this.existingLogin(demoEmail(person));
      if (login) logins.push({ ...login, password: DEMO_PASSWORD, name: demoName(person) });
    }
    const cardLogins = new Map(logins.map((l) => [l.email, l]));
    const holders = DEMO_CARD_HOLDERS.flatMap((holder) => {
      const login = cardLogins.get(demoEmail(holder));
      return login
        ? [
            {
              key: holder.key,
              name: demoName(holder),
              organisationName: login.roles[0]?.organisationName ?? '',
              email: login.email,
            },
          ]
        : [];
    });
    return {
      logins,
      cards:
        this.config.eidTrustAnchorsPath && holders.length
          ? { command: DEMO_CARD_COMMAND, pin: DEMO_CARD_PIN, holders }
          : null,
    };
  }

  /** The seeded log-in with this address, with its roles, when it is still there and enabled. */
  private async existingLogin(email: string): Promise<Omit<DemoLoginDto, 'password' | 'name'> | null> {
    const manager = this.transactions.manager;
    const user = (await this.users.withEmail(manager, email)).find((u) => !u.disabled);
    if (!user) return null;
    const [roles, organisations] = [
      await this.users.rolesOf(manager, user.id),
      (await this.users.organisationsOf(manager, [user.id])).get(user.id) ?? [],
    ];
    const nameOf = new Map(organisations.map((o) => [o.id, o.name]));
    return {
      email,
      roles: roles.map((r) => ({
        role: r.role,
        organisationName: r.organisationId ? (nameOf.get(r.organisationId) ?? null) : null,
      })),
    };
  }
}
