import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Transactions } from '../core/transactions.js';
import { CreateUserCommand } from './create-user/create-user.command.js';
import { UsersRepository } from './users.repository.js';

/**
 * Makes sure a central administrator log-in with ADMIN_EMAIL exists, with ADMIN_PASSWORD when first created. It never
 * promotes an existing log-in that happens to use the address: an organisation's administrator may have created one
 * (addresses are not unique across organisations), and promoting it would hand them the installation.
 */
@Injectable()
export class CentralAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(CentralAdminBootstrap.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.admin;
    if (!admin) return;
    // Replicas starting together on a new database would each find no administrator and each create one.
    await this.transactions.exclusively('central-admin-bootstrap', () => this.ensureCentralAdmin(admin));
  }

  private async ensureCentralAdmin(admin: NonNullable<AppConfig['admin']>): Promise<void> {
    const email = admin.email.toLowerCase();
    const manager = this.transactions.manager;
    const logins = await this.users.withEmail(manager, email);
    const roles = await this.users.rolesOfAll(
      manager,
      logins.map((u) => u.id),
    );
    if (roles.some((r) => r.role === 'central-admin')) return;
    await this.commands.execute(
      new CreateUserCommand(
        { system: 'start-up (ADMIN_EMAIL)' },
        {
          email,
          name: 'Central administrator',
          password: admin.password,
          roles: [{ role: 'central-admin', organisationId: null }],
        },
      ),
    );
    this.logger.log(`central administrator ${email} created`);
  }
}
