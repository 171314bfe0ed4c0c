import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module.js';
import { CentralAdminBootstrap } from './central-admin-bootstrap.js';
import { CreateUserHandler } from './create-user/create-user.handler.js';
import { ListUsersHandler } from './list-users.query.js';
import { ManagedUsers } from './managed-users.js';
import { RoleGrantPolicy } from './role-grants.js';
import { SendSetPasswordLinkHandler } from './set-password/send-set-password-link.handler.js';
import { SetPasswordController } from './set-password/set-password.controller.js';
import { SetPasswordLinks } from './set-password/set-password-links.js';
import { SetPasswordLinksRepository } from './set-password/set-password-links.repository.js';
import {
  CheckSetPasswordLinkHandler,
  SetPasswordWithLinkHandler,
} from './set-password/set-password-with-link.handler.js';
import { UpdateUserHandler } from './update-user/update-user.handler.js';
import { UserView } from './user-view.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';

@Module({
  controllers: [UsersController, SetPasswordController],
  imports: [PeopleModule],
  providers: [
    UsersRepository,
    UserView,
    ManagedUsers,
    CentralAdminBootstrap,
    RoleGrantPolicy,
    CreateUserHandler,
    UpdateUserHandler,
    ListUsersHandler,
    SetPasswordLinksRepository,
    SetPasswordLinks,
    SendSetPasswordLinkHandler,
    SetPasswordWithLinkHandler,
    CheckSetPasswordLinkHandler,
  ],
  exports: [UsersRepository],
})
export class UsersModule {}
