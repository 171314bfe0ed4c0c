import { Command } from '@nestjs/cqrs';

export interface LoginResult {
  accessToken: string;
  expiresAt: string;
}

export class LoginCommand extends Command<LoginResult> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}
