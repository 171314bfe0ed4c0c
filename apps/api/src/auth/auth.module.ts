import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module.js';
import { AccountChoice } from './account-choice.js';
import { ActorLoader } from './actor-loader.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { LoginHandler } from './login/login.handler.js';
import { LogoutHandler } from './logout/logout.handler.js';
import { OidcController } from './oidc/oidc.controller.js';
import { OidcDomainOrganisations } from './oidc/oidc-domain-organisations.js';
import { OidcPendingSignIns } from './oidc/oidc-pending-sign-ins.js';
import { OidcProviderClient } from './oidc/oidc-provider-client.js';
import {
  CompleteOidcSignInHandler,
  OpenOidcSessionHandler,
  StartOidcSignInHandler,
} from './oidc/oidc-sign-in.handlers.js';
import { SessionIssuer } from './session-issuer.js';
import { SessionsRepository } from './sessions/sessions.repository.js';
import {
  EndMySessionHandler,
  EndUserSessionsHandler,
  ListMySessionsHandler,
} from './sessions/sessions.handlers.js';
import { UserSessionsController } from './sessions/user-sessions.controller.js';
import { ManagedUsers } from '../users/managed-users.js';
import { ListPersonalTokensHandler } from './tokens/list-personal-tokens.query.js';
import { CreatePersonalTokenHandler, RevokePersonalTokenHandler } from './tokens/personal-tokens.handlers.js';
import { PersonalTokensRepository } from './tokens/personal-tokens.repository.js';

@Module({
  imports: [UsersModule],
  controllers: [AuthController, OidcController, UserSessionsController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    AccountChoice,
    ActorLoader,
    SessionIssuer,
    LoginHandler,
    LogoutHandler,
    PersonalTokensRepository,
    CreatePersonalTokenHandler,
    RevokePersonalTokenHandler,
    ListPersonalTokensHandler,
    OidcProviderClient,
    OidcPendingSignIns,
    OidcDomainOrganisations,
    StartOidcSignInHandler,
    CompleteOidcSignInHandler,
    OpenOidcSessionHandler,
    SessionsRepository,
    ManagedUsers,
    ListMySessionsHandler,
    EndMySessionHandler,
    EndUserSessionsHandler,
  ],
  // The eID log-in opens sessions too.
  exports: [AccountChoice, ActorLoader, SessionIssuer, UsersModule],
})
export class AuthModule {}
