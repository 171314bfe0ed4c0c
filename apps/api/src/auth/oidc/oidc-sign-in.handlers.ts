import { Inject, Logger, UnauthorizedException } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { UserEntity } from '@certdesk/persistence';
import { AuditTrail } from '../../audit/audit-trail.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { Transactions } from '../../core/transactions.js';
import { CreateUserCommand } from '../../users/create-user/create-user.command.js';
import { UsersRepository } from '../../users/users.repository.js';
import { AccountChoice } from '../account-choice.js';
import type { LoginResult } from '../login/login.command.js';
import { SessionIssuer } from '../session-issuer.js';
import {
  CompleteOidcSignInCommand,
  OpenOidcSessionCommand,
  StartOidcSignInCommand,
} from './oidc.commands.js';
import { OidcDomainOrganisations } from './oidc-domain-organisations.js';
import { identityFromClaims, type OidcIdentity } from './oidc-identity.js';
import { OidcPendingSignIns } from './oidc-pending-sign-ins.js';
import { OidcProviderClient } from './oidc-provider-client.js';
import { OidcRefusal, type SsoRefusalCode } from './oidc-refusal.js';
import { rolesForGroups } from './oidc-role-mapping.js';
import type { OidcSettings } from './oidc-settings.js';

/** Who the audit trail names for what single sign-on does by itself (refusals, log-ins created on first sign-in). */
const SSO_ACTOR = { system: 'single sign-on' };

/** The log-in page, with what the callback tells it in the fragment (never sent to a server, nor in a Referer). */
const loginPage = (config: AppConfig, fragment: Record<string, string>) =>
  `${config.publicUrl}/login#${new URLSearchParams(fragment).toString()}`;

@CommandHandler(StartOidcSignInCommand)
export class StartOidcSignInHandler implements ICommandHandler<StartOidcSignInCommand> {
  private readonly logger = new Logger('OidcSignIn');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly provider: OidcProviderClient,
    private readonly pending: OidcPendingSignIns,
  ) {}

  async execute(): Promise<{ location: string; browserBinding: string | null }> {
    try {
      if (!this.provider.enabled) throw new OidcRefusal('SSO_NOT_CONFIGURED');
      const { pending, browser } = await this.pending.start();
      const url = await this.provider.authorizationUrl(pending);
      return { location: url.href, browserBinding: browser };
    } catch (error) {
      const code = error instanceof OidcRefusal ? error.code : 'SSO_FAILED';
      if (code === 'SSO_FAILED') this.logger.error(`single sign-on could not start: ${String(error)}`);
      return { location: loginPage(this.config, { 'sso-error': code }), browserBinding: null };
    }
  }
}

/**
 * The provider's answer. The state must be one this installation issued, unused, and started in this browser; the
 * code's exchange checks the rest (issuer, audience, signature, nonce, PKCE). The verified e-mail's domain then names
 * the organisation (OIDC_DOMAINS) whose log-ins it may open: a log-in elsewhere with the same address is never
 * reached (docs/decisions.md §5). A refusal that concerns known log-ins is audited in their organisations' chains.
 */
@CommandHandler(CompleteOidcSignInCommand)
export class CompleteOidcSignInHandler implements ICommandHandler<CompleteOidcSignInCommand> {
  private readonly logger = new Logger('OidcSignIn');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly provider: OidcProviderClient,
    private readonly pending: OidcPendingSignIns,
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly organisations: OidcDomainOrganisations,
    private readonly audit: AuditTrail,
    private readonly commands: CommandBus,
  ) {}

  async execute({
    callbackParameters,
    browserBinding,
  }: CompleteOidcSignInCommand): Promise<{ location: string }> {
    try {
      const settings = this.config.oidc;
      if (!settings) throw new OidcRefusal('SSO_NOT_CONFIGURED');
      const signIn = await this.pending.take(callbackParameters.get('state') ?? '');
      if (!signIn || !this.pending.browserMatches(signIn, browserBinding))
        throw new OidcRefusal('SSO_STATE_UNKNOWN');
      const claims = await this.provider.exchange(callbackParameters, signIn);
      const identity = await this.checkedIdentity(claims, settings);
      const userIds = await this.logInsFor(identity, settings);
      return { location: loginPage(this.config, { sso: await this.pending.issueTicket({ userIds }) }) };
    } catch (error) {
      const code = error instanceof OidcRefusal ? error.code : 'SSO_FAILED';
      if (code === 'SSO_FAILED') this.logger.error(`single sign-on failed: ${String(error)}`);
      return { location: loginPage(this.config, { 'sso-error': code }) };
    }
  }

  private async checkedIdentity(
    claims: Record<string, unknown>,
    settings: OidcSettings,
  ): Promise<OidcIdentity> {
    try {
      return identityFromClaims(claims, settings.rolesClaim);
    } catch (error) {
      // An unverified address that names known log-ins: their organisations hear of it.
      if (
        error instanceof OidcRefusal &&
        error.code === 'SSO_EMAIL_UNVERIFIED' &&
        typeof claims.email === 'string'
      )
        await this.auditRefusal(claims.email.toLowerCase(), error.code);
      throw error;
    }
  }

  /** The enabled log-ins this identity opens (created on first sign-in when so configured), or a refusal. */
  private async logInsFor(identity: OidcIdentity, settings: OidcSettings): Promise<string[]> {
    const target = settings.domains.get(identity.domain);
    if (!target) return this.refuse(identity.email, 'SSO_DOMAIN_NOT_ALLOWED');
    const manager = this.transactions.manager;
    const organisationId = target.kind === 'central' ? null : await this.organisations.idOf(manager, target);
    if (target.kind !== 'central' && organisationId === null) {
      this.logger.warn(`OIDC_DOMAINS names no existing organisation for ${identity.domain}`);
      return this.refuse(identity.email, 'SSO_DOMAIN_NOT_ALLOWED');
    }
    const all = await this.users.withEmail(manager, identity.email);
    const roles = await this.users.rolesOfAll(
      manager,
      all.map((u) => u.id),
    );
    const inDomain = all.filter((u) =>
      roles.some(
        (r) =>
          r.userId === u.id &&
          (organisationId === null ? r.role === 'central-admin' : r.organisationId === organisationId),
      ),
    );
    const enabled = inDomain.filter((u) => !u.disabled);
    if (enabled.length > 0) return enabled.map((u) => u.id);
    if (inDomain.length > 0) return this.refuse(identity.email, 'SSO_ACCOUNT_DISABLED', inDomain);
    if (!settings.autoCreate || organisationId === null) return this.refuse(identity.email, 'SSO_NO_ACCOUNT');
    return [await this.createLogIn(identity, settings, organisationId)];
  }

  private async createLogIn(
    identity: OidcIdentity,
    settings: OidcSettings,
    organisationId: string,
  ): Promise<string> {
    const cbe = await this.organisations.cbeOf(this.transactions.manager, organisationId);
    const roles = rolesForGroups(settings.roleMappings, identity.groups, { id: organisationId, cbe });
    if (roles.length === 0) return this.refuse(identity.email, 'SSO_NO_ROLE');
    const created = await this.commands.execute(
      new CreateUserCommand(SSO_ACTOR, {
        email: identity.email,
        name: identity.name,
        roles: roles.map((role) => ({ role, organisationId })),
      }),
    );
    return created.id;
  }

  private async refuse(email: string, code: SsoRefusalCode, logins?: UserEntity[]): Promise<never> {
    await this.auditRefusal(email, code, logins);
    throw new OidcRefusal(code);
  }

  /** `user.sso-refused` in the chain of each organisation where a log-in with this address holds a role. */
  private async auditRefusal(email: string, code: SsoRefusalCode, logins?: UserEntity[]): Promise<void> {
    await this.transactions.run(async (manager) => {
      const concerned = logins ?? (await this.users.withEmail(manager, email));
      if (concerned.length === 0) return;
      const roles = await this.users.rolesOfAll(
        manager,
        concerned.map((u) => u.id),
      );
      const chains = [...new Set(roles.map((r) => r.organisationId))];
      for (const organisationId of chains.length ? chains : [null]) {
        const userIds = concerned
          .filter((u) => roles.some((r) => r.userId === u.id && r.organisationId === organisationId))
          .map((u) => u.id);
        await this.audit.append(manager, SSO_ACTOR, {
          action: 'user.sso-refused',
          organisationId,
          after: { email, reason: code, userIds },
        });
      }
    });
  }
}

/** The ticket from the callback becomes a session; of several log-ins, the one the user picks (409 until then). */
@CommandHandler(OpenOidcSessionCommand)
export class OpenOidcSessionHandler implements ICommandHandler<OpenOidcSessionCommand> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pending: OidcPendingSignIns,
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
    private readonly choice: AccountChoice,
    private readonly sessions: SessionIssuer,
  ) {}

  async execute({ ticket, userId }: OpenOidcSessionCommand): Promise<LoginResult> {
    const proven = await this.pending.readTicket(ticket);
    if (!proven) refuseTicket();
    const logins = await Promise.all(
      proven.userIds.map((id) => this.users.findById(this.transactions.manager, id)),
    );
    // Disabled since the callback: left out.
    const user = await this.choice.pick(
      logins.filter((u): u is UserEntity => u !== null && !u.disabled),
      userId,
    );
    if (!user || !(await this.pending.spendTicket(ticket))) refuseTicket();
    return this.sessions.open(user.id, this.config.sessionTtlHours);
  }
}

function refuseTicket(): never {
  throw new UnauthorizedException({
    statusCode: 401,
    code: 'SSO_TICKET_INVALID',
    message: 'this sign-in has expired or was used already: sign in again',
  });
}
