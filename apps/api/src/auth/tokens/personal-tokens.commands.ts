import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';

export interface PersonalTokenCreated {
  id: string;
  name: string;
  /** Shown once: only its HMAC is kept. */
  token: string;
  expiresAt: string | null;
}

export class CreatePersonalTokenCommand extends Command<PersonalTokenCreated> {
  constructor(
    readonly actor: Actor,
    readonly name: string,
    readonly expiresInDays: number | null,
  ) {
    super();
  }
}

export class RevokePersonalTokenCommand extends Command<void> {
  constructor(
    readonly actor: Actor,
    readonly tokenId: string,
  ) {
    super();
  }
}
