import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../access/actor.js';
import type { NewRequestDto, OpenNewRequestDto } from '../lifecycle.dto.js';

/** A new certificate was requested with the eHealth tool (DOMAIN.md procedure 1). */
export class OpenNewRequestCommand extends Command<NewRequestDto> {
  constructor(
    readonly actor: Actor,
    readonly input: OpenNewRequestDto,
  ) {
    super();
  }
}
