import { Command } from '@nestjs/cqrs';
import type { LoginResult } from '../login/login.command.js';

/** Sends the browser to the provider: where to, and the cookie that binds the answer to this browser. */
export class StartOidcSignInCommand extends Command<{ location: string; browserBinding: string | null }> {}

/** The provider's answer at the callback: the page the browser goes to next (a ticket, or why it was refused). */
export class CompleteOidcSignInCommand extends Command<{ location: string }> {
  constructor(
    readonly callbackParameters: URLSearchParams,
    readonly browserBinding: string | undefined,
  ) {
    super();
  }
}

/** The dashboard turns the ticket into a session (of several log-ins, the one picked with userId). */
export class OpenOidcSessionCommand extends Command<LoginResult> {
  constructor(
    readonly ticket: string,
    readonly userId?: string,
  ) {
    super();
  }
}
