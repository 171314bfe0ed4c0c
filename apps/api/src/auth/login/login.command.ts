import { Command } from '@nestjs/cqrs';

export interface LoginResult {
  accessToken: string;
  expiresAt: string;
}

export class LoginCommand extends Command<LoginResult> {
  constructor(
    readonly email: string,
    readonly password: string,
    /** Which of several log-ins with this address and password to open (see AccountChoice). */
    readonly userId?: string,
  ) {
    super();
  }
}
