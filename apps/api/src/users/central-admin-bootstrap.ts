import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { UserEntity, UserRoleEntity } from '@certdesk/persistence';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CreateUserCommand } from './create-user/create-user.command.js';

/** Makes sure the central administrator named by ADMIN_EMAIL exists, with ADMIN_PASSWORD when first created. */
@Injectable()
export class CentralAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(CentralAdminBootstrap.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.admin;
    if (!admin) return;
    const email = admin.email.toLowerCase();
    const existing = await this.db.getRepository(UserEntity).findOneBy({ email });
    if (existing) {
      await this.db
        .createQueryBuilder()
        .insert()
        .into(UserRoleEntity)
        .values({ userId: existing.id, role: 'central-admin', organisationId: null })
        .orIgnore()
        .execute();
      return;
    }
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
