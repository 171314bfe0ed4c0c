import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSeeOtherResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { LoginResponseDto } from '../auth.dto.js';
import { Public } from '../public.decorator.js';
import {
  CompleteOidcSignInCommand,
  OpenOidcSessionCommand,
  StartOidcSignInCommand,
} from './oidc.commands.js';
import { AuthMethodsDto, OpenOidcSessionDto } from './oidc.dto.js';
import { SSO_REFUSALS } from './oidc-refusal.js';

/** The cookie that binds a provider's answer to the browser that started the sign-in. */
const BINDING_COOKIE = 'certdesk_sso';
const OIDC_PATH = '/api/v1/auth/oidc';
const REFUSAL_CODES = Object.keys(SSO_REFUSALS).join(', ');

/** Single sign-on with an OpenID Connect provider: authorization code flow with PKCE (docs/api.md, docs/security.md). */
@ApiTags('auth')
@Controller()
export class OidcController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('api/v1/auth/methods')
  @ApiOperation({ summary: 'How one may log in here: password, single sign-on (and its name), eID' })
  @ApiOkResponse({ type: AuthMethodsDto })
  methods(): AuthMethodsDto {
    return {
      password: this.config.passwordLogin,
      sso: this.config.oidc ? { name: this.config.oidc.displayName, startUrl: `${OIDC_PATH}/start` } : null,
      eid: this.config.eidTrustAnchorsPath !== null,
    };
  }

  @Public()
  @Get(`${OIDC_PATH.slice(1)}/start`)
  @ApiOperation({
    summary: 'Sends the browser to the identity provider (a link the log-in page follows, not an XHR)',
    description:
      'Records a state, a nonce and a PKCE verifier in Redis for 10 minutes, sets an HttpOnly cookie binding the ' +
      "answer to this browser, and redirects to the provider. When single sign-on cannot start: to the log-in page's " +
      '`#sso-error=<code>`.',
  })
  @ApiFoundResponse({
    description: "To the provider's authorization endpoint, or to /login#sso-error=<code>",
  })
  async start(@Res() response: FastifyReply): Promise<void> {
    const { location, browserBinding } = await this.commands.execute(new StartOidcSignInCommand());
    if (browserBinding) {
      response.header(
        'Set-Cookie',
        bindingCookie(browserBinding, {
          secure: this.config.publicUrl.startsWith('https:'),
          maxAgeSeconds: BINDING_MAX_AGE_SECONDS,
        }),
      );
    }
    await response.redirect(location, 302);
  }

  @Public()
  @Get(`${OIDC_PATH.slice(1)}/callback`)
  @ApiOperation({
    summary:
      "The provider's answer (OIDC_REDIRECT_URL): on to the log-in page with a ticket, or with why not",
    description:
      'Takes the state (single use: a replayed answer is refused), checks that this browser started it, exchanges the ' +
      "code (PKCE verifier; the ID token's issuer, audience, signature, nonce and expiry are checked), and matches " +
      'the verified e-mail: its domain names the organisation (OIDC_DOMAINS) whose log-ins it may open. On to ' +
      `\`/login#sso=<ticket>\`, or \`/login#sso-error=<code>\` with one of ${REFUSAL_CODES}.`,
  })
  @ApiSeeOtherResponse({ description: 'To /login#sso=<ticket> or /login#sso-error=<code>' })
  async callback(@Req() request: FastifyRequest, @Res() response: FastifyReply): Promise<void> {
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const { location } = await this.commands.execute(
      new CompleteOidcSignInCommand(new URLSearchParams(query), cookieValue(request, BINDING_COOKIE)),
    );
    response.header('Set-Cookie', bindingCookie('', { secure: false, maxAgeSeconds: 0 }));
    await response.redirect(location, 303);
  }

  @Public()
  @Post(`${OIDC_PATH.slice(1)}/session`)
  @HttpCode(200)
  @ApiOperation({ summary: "Turns the callback's ticket into a session; returns a bearer token" })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'SSO_TICKET_INVALID: unknown, expired or used already' })
  @ApiConflictResponse({
    description:
      'ACCOUNT_CHOICE_REQUIRED: the sign-in opens several log-ins; `accounts` lists them: send again with `userId`',
  })
  session(@Body() body: OpenOidcSessionDto): Promise<LoginResponseDto> {
    return this.commands.execute(new OpenOidcSessionCommand(body.ticket, body.userId));
  }
}

/** One cookie's value from the Cookie header (the api reads no other cookie, so no parser is installed). */
function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** How long the browser keeps the binding cookie: as long as the sign-in's state lives in Redis. */
const BINDING_MAX_AGE_SECONDS = 10 * 60;

/**
 * The Set-Cookie value binding a sign-in to this browser: HttpOnly, SameSite=Lax (sent when the provider sends the
 * browser back, a top-level GET, not on other sites' requests), for the OIDC paths only. An empty value with a max
 * age of 0 clears it. The value is base64url (StartOidcSignInCommand), so it needs no encoding.
 */
function bindingCookie(value: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${BINDING_COOKIE}=${value}`,
    `Max-Age=${options.maxAgeSeconds}`,
    `Path=${OIDC_PATH}`,
    'HttpOnly',
    ...(options.secure ? ['Secure'] : []),
    'SameSite=Lax',
  ].join('; ');
}
