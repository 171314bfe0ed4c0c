import { Module } from '@nestjs/common';
import { PeopleController } from './people.controller.js';
import { CreatePersonHandler, UpdatePersonHandler } from './people.handlers.js';
import { GetPersonHandler, ListPeopleHandler } from './people.queries.js';
import { PeopleRepository } from './people.repository.js';
import { PersonView } from './person-view.js';

@Module({
  controllers: [PeopleController],
  providers: [
    PeopleRepository,
    PersonView,
    CreatePersonHandler,
    UpdatePersonHandler,
    ListPeopleHandler,
    GetPersonHandler,
  ],
  exports: [PeopleRepository, PersonView],
})
export class PeopleModule {}
