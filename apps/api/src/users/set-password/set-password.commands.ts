import { Command, Query } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { SetPasswordLinkDto, SetPasswordLinkSentDto } from './set-password.dto.js';

/** An administrator sends a log-in a one-time link to choose its password. */
export class SendSetPasswordLinkCommand extends Command<SetPasswordLinkSentDto> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
  ) {
    super();
  }
}

/** Whoever holds a link chooses the password with it (no log-in: the link is the proof). */
export class SetPasswordWithLinkCommand extends Command<void> {
  constructor(
    readonly token: string,
    readonly password: string,
  ) {
    super();
  }
}

/** What a link is for, before the password is typed: the page says so, or why the link no longer works. */
export class CheckSetPasswordLinkQuery extends Query<SetPasswordLinkDto> {
  constructor(readonly token: string) {
    super();
  }
}
