import { Command } from '@nestjs/cqrs';
import type { Actor } from '../access/actor.js';
import type { CreatePersonDto, PersonDto, UpdatePersonDto } from './people.dto.js';

export class CreatePersonCommand extends Command<PersonDto> {
  constructor(
    readonly actor: Actor,
    readonly input: CreatePersonDto,
  ) {
    super();
  }
}

export class UpdatePersonCommand extends Command<PersonDto> {
  constructor(
    readonly actor: Actor,
    readonly personId: string,
    readonly changes: UpdatePersonDto,
  ) {
    super();
  }
}
