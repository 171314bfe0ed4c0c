import { Command } from '@nestjs/cqrs';

/** Revokes the token the request came with. */
export class LogoutCommand extends Command<void> {
  constructor(readonly tokenId: string) {
    super();
  }
}
