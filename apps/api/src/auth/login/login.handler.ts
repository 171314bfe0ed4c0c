import { Inject, UnauthorizedException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { UserEntity } from '@certdesk/persistence';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { PasswordHasher } from '../password-hasher.js';
import { SessionIssuer } from '../session-issuer.js';
import { LoginCommand, type LoginResult } from './login.command.js';

@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionIssuer,
  ) {}

  async execute({ email, password }: LoginCommand): Promise<LoginResult> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ email: email.trim().toLowerCase() });
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user || !ok || user.disabled) {
      throw new UnauthorizedException({
        statusCode: 401,
        code: 'BAD_CREDENTIALS',
        message: 'wrong e-mail or password',
      });
    }
    return this.sessions.open(user.id, this.config.sessionTtlHours);
  }
}
