import { Module } from '@nestjs/common';
import { PeopleController } from './people.controller.js';
import { CreatePersonHandler, UpdatePersonHandler } from './people.handlers.js';
import { GetPersonHandler, ListPeopleHandler } from './people.queries.js';
import { PersonView } from './person-view.js';

@Module({
  controllers: [PeopleController],
  providers: [PersonView, CreatePersonHandler, UpdatePersonHandler, ListPeopleHandler, GetPersonHandler],
  exports: [PersonView],
})
export class PeopleModule {}
