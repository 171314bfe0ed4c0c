import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module.js';
import { CentralAdminBootstrap } from './central-admin-bootstrap.js';
import { CreateUserHandler } from './create-user/create-user.handler.js';
import { ListUsersHandler } from './list-users.query.js';
import { RoleGrantPolicy } from './role-grants.js';
import { UpdateUserHandler } from './update-user/update-user.handler.js';
import { UserView } from './user-view.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';

@Module({
  controllers: [UsersController],
  imports: [PeopleModule],
  providers: [
    UsersRepository,
    UserView,
    CentralAdminBootstrap,
    RoleGrantPolicy,
    CreateUserHandler,
    UpdateUserHandler,
    ListUsersHandler,
  ],
  exports: [UsersRepository],
})
export class UsersModule {}
