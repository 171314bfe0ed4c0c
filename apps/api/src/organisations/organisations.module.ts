import { Module } from '@nestjs/common';
import { CreateOrganisationHandler } from './create-organisation/create-organisation.handler.js';
import { OrganisationView } from './organisation-view.js';
import { OrganisationsController } from './organisations.controller.js';
import {
  GetOrganisationHandler,
  ListOrganisationNamesHandler,
  ListOrganisationsHandler,
} from './organisations.queries.js';
import { OrganisationsRepository } from './organisations.repository.js';
import { UpdateOrganisationHandler } from './update-organisation/update-organisation.handler.js';

@Module({
  controllers: [OrganisationsController],
  providers: [
    OrganisationView,
    OrganisationsRepository,
    CreateOrganisationHandler,
    UpdateOrganisationHandler,
    ListOrganisationsHandler,
    ListOrganisationNamesHandler,
    GetOrganisationHandler,
  ],
  exports: [OrganisationView, OrganisationsRepository],
})
export class OrganisationsModule {}
