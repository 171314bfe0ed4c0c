import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ActorLoader } from './actor-loader.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { LoginHandler } from './login/login.handler.js';
import { LogoutHandler } from './logout/logout.handler.js';
import { SessionIssuer } from './session-issuer.js';
import { ListPersonalTokensHandler } from './tokens/list-personal-tokens.query.js';
import { CreatePersonalTokenHandler, RevokePersonalTokenHandler } from './tokens/personal-tokens.handlers.js';

@Module({
  controllers: [AuthController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    ActorLoader,
    SessionIssuer,
    LoginHandler,
    LogoutHandler,
    CreatePersonalTokenHandler,
    RevokePersonalTokenHandler,
    ListPersonalTokensHandler,
  ],
  // The eID log-in opens sessions too.
  exports: [ActorLoader, SessionIssuer],
})
export class AuthModule {}
