import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { AccessTokenEntity } from '@certdesk/persistence';
import { LogoutCommand } from './logout.command.js';

@CommandHandler(LogoutCommand)
export class LogoutHandler implements ICommandHandler<LogoutCommand> {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute({ tokenId }: LogoutCommand): Promise<void> {
    await this.db
      .getRepository(AccessTokenEntity)
      .update({ id: tokenId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
