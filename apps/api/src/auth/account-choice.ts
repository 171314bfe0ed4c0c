import { ConflictException, Injectable } from '@nestjs/common';
import type { UserEntity } from '@certdesk/persistence';
import { Transactions } from '../core/transactions.js';
import { UsersRepository } from '../users/users.repository.js';

/**
 * Which log-in a proven identity opens. Log-ins belong to the organisations that created them, so one person may
 * hold several with one address or one eID card. Whoever proved the password (or holds the card) of several is
 * shown them, with their organisations, and picks one with `userId`.
 */
@Injectable()
export class AccountChoice {
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
  ) {}

  /** The one log-in to open among those proven, or null when none is (or the chosen one is not among them). */
  async pick(proven: UserEntity[], chosenUserId: string | undefined): Promise<UserEntity | null> {
    if (chosenUserId !== undefined) return proven.find((u) => u.id === chosenUserId) ?? null;
    if (proven.length <= 1) return proven[0] ?? null;
    const organisations = await this.users.organisationsOf(
      this.transactions.manager,
      proven.map((u) => u.id),
    );
    throw new ConflictException({
      statusCode: 409,
      code: 'ACCOUNT_CHOICE_REQUIRED',
      message: 'you have several Certdesk log-ins: send again with the userId of the one to open',
      accounts: proven.map((u) => ({
        userId: u.id,
        email: u.email,
        organisations: organisations.get(u.id) ?? [],
      })),
    });
  }
}
