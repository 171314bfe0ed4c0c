import { Module } from '@nestjs/common';
import { CreateOrganisationHandler } from './create-organisation/create-organisation.handler.js';
import { OrganisationView } from './organisation-view.js';
import { OrganisationsController } from './organisations.controller.js';
import { GetOrganisationHandler, ListOrganisationsHandler } from './organisations.queries.js';
import { UpdateOrganisationHandler } from './update-organisation/update-organisation.handler.js';

@Module({
  controllers: [OrganisationsController],
  providers: [
    OrganisationView,
    CreateOrganisationHandler,
    UpdateOrganisationHandler,
    ListOrganisationsHandler,
    GetOrganisationHandler,
  ],
  exports: [OrganisationView],
})
export class OrganisationsModule {}
