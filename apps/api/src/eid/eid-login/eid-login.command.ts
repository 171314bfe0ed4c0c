import { Command } from '@nestjs/cqrs';
import type { LoginResult } from '../../auth/login/login.command.js';
import type { EidAuthenticationTokenBodyDto } from '../eid.dto.js';

/** Log in with the eID: the card-bridge's authentication token over a challenge this api issued. */
export class EidLoginCommand extends Command<LoginResult> {
  constructor(
    readonly nonce: string,
    readonly token: EidAuthenticationTokenBodyDto,
    /** The request's Origin header, when the browser sent one. */
    readonly requestOrigin: string | undefined,
    /** Which of several log-ins the card opens (see AccountChoice). */
    readonly userId?: string,
  ) {
    super();
  }
}
