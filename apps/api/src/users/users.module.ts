import { Module } from '@nestjs/common';
import { CentralAdminBootstrap } from './central-admin-bootstrap.js';
import { CreateUserHandler } from './create-user/create-user.handler.js';
import { ListUsersHandler } from './list-users.query.js';
import { RoleGrantPolicy } from './role-grants.js';
import { UpdateUserHandler } from './update-user/update-user.handler.js';
import { UsersController } from './users.controller.js';

@Module({
  controllers: [UsersController],
  providers: [CentralAdminBootstrap, RoleGrantPolicy, CreateUserHandler, UpdateUserHandler, ListUsersHandler],
})
export class UsersModule {}
