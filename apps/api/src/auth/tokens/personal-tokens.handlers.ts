import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { AccessTokenEntity } from '@certdesk/persistence';
import { NotFoundError } from '../../common/errors.js';
import { TokenHasher } from '../token-hasher.js';
import {
  CreatePersonalTokenCommand,
  RevokePersonalTokenCommand,
  type PersonalTokenCreated,
} from './personal-tokens.commands.js';

@CommandHandler(CreatePersonalTokenCommand)
export class CreatePersonalTokenHandler implements ICommandHandler<CreatePersonalTokenCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tokens: TokenHasher,
  ) {}

  async execute({ actor, name, expiresInDays }: CreatePersonalTokenCommand): Promise<PersonalTokenCreated> {
    const token = this.tokens.newToken('cdp');
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
    const { identifiers } = await this.db.getRepository(AccessTokenEntity).insert({
      userId: actor.userId,
      kind: 'personal',
      name,
      tokenHash: this.tokens.hash(token),
      expiresAt,
    });
    return { id: String(identifiers[0]?.id), name, token, expiresAt: expiresAt?.toISOString() ?? null };
  }
}

@CommandHandler(RevokePersonalTokenCommand)
export class RevokePersonalTokenHandler implements ICommandHandler<RevokePersonalTokenCommand> {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute({ actor, tokenId }: RevokePersonalTokenCommand): Promise<void> {
    const result = await this.db
      .getRepository(AccessTokenEntity)
      .update(
        { id: tokenId, userId: actor.userId, kind: 'personal', revokedAt: IsNull() },
        { revokedAt: new Date() },
      );
    if (!result.affected) throw new NotFoundError('token');
  }
}
