import { Inject, Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { OidcRefusal } from './oidc-refusal.js';
import { isLoopbackHttp, type OidcSettings } from './oidc-settings.js';

/** What the provider said about who signed in: the ID token's claims, completed by its userinfo endpoint. */
export type ProviderClaims = Record<string, unknown>;

/** How long a discovered configuration (endpoints, keys' location) is kept before it is asked again. */
const DISCOVERY_TTL_MS = 60 * 60_000;
/** How long one request to the provider may take. */
const PROVIDER_TIMEOUT_MS = 10_000;

/**
 * The OpenID provider, through openid-client 6: discovery (cached for an hour, and asked again after a failure),
 * the authorization URL with PKCE (S256), and the code's exchange with every check openid-client makes (issuer,
 * audience, signature, nonce, expiry, state, the `iss` response parameter).
 */
@Injectable()
export class OidcProviderClient {
  private readonly logger = new Logger('OidcProviderClient');
  private readonly settings: OidcSettings | null;
  private discovered: { at: number; configuration: Promise<client.Configuration> } | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.settings = config.oidc;
  }

  get enabled(): boolean {
    return this.settings !== null;
  }

  /** The provider's authorization URL for a new sign-in with these one-time values. */
  async authorizationUrl(values: { state: string; nonce: string; codeVerifier: string }): Promise<URL> {
    const settings = this.require();
    const configuration = await this.configuration();
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUrl,
      scope: settings.scopes,
      state: values.state,
      nonce: values.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(values.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Exchanges the authorization response's code; the verified claims, or an OidcRefusal saying what failed. */
  async exchange(
    callbackParameters: URLSearchParams,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<ProviderClaims> {
    const settings = this.require();
    const configuration = await this.configuration();
    const currentUrl = new URL(settings.redirectUrl);
    currentUrl.search = callbackParameters.toString();
    try {
      const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      // Providers that keep the ID token small (oidc-provider, some Entra set-ups) give e-mail and groups at userinfo.
      const needsUserinfo = !('email' in idClaims) || !('email_verified' in idClaims);
      if (needsUserinfo && configuration.serverMetadata().userinfo_endpoint) {
        const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        return { ...userinfo, ...idClaims };
      }
      return { ...idClaims };
    } catch (error) {
      throw this.refusalFor(error);
    }
  }

  private refusalFor(error: unknown): OidcRefusal {
    if (error instanceof OidcRefusal) return error;
    const { code, message, claim, detail } = describe(error);
    this.logger.warn(`single sign-on refused by openid-client: ${code} ${message} ${detail}`);
    if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'iss')
      return new OidcRefusal('SSO_WRONG_ISSUER');
    if (code === 'OAUTH_INVALID_RESPONSE' && /"iss"/.test(detail)) return new OidcRefusal('SSO_WRONG_ISSUER');
    if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && (claim === 'aud' || claim === 'azp'))
      return new OidcRefusal('SSO_WRONG_AUDIENCE');
    if (code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR' || code === 'OAUTH_RESPONSE_BODY_ERROR')
      return new OidcRefusal('SSO_PROVIDER_REFUSED');
    if (error instanceof TypeError || code === 'OAUTH_RESPONSE_IS_NOT_JSON') {
      this.discovered = null;
      return new OidcRefusal('SSO_PROVIDER_UNREACHABLE');
    }
    return new OidcRefusal('SSO_TOKEN_INVALID');
  }

  private require(): OidcSettings {
    if (!this.settings) throw new OidcRefusal('SSO_NOT_CONFIGURED');
    return this.settings;
  }

  private configuration(): Promise<client.Configuration> {
    const settings = this.require();
    const now = Date.now();
    if (this.discovered && now - this.discovered.at < DISCOVERY_TTL_MS) return this.discovered.configuration;
    const configuration = client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        { client_secret: settings.clientSecret, redirect_uris: [settings.redirectUrl] },
        client.ClientSecretBasic(settings.clientSecret),
        {
          timeout: PROVIDER_TIMEOUT_MS / 1000,
          ...(isLoopbackHttp(settings.issuer) ? { execute: [client.allowInsecureRequests] } : {}),
        },
      )
      .catch((error: unknown) => {
        this.discovered = null;
        this.logger.warn(`discovery at ${settings.issuer} failed: ${(error as Error).message}`);
        throw new OidcRefusal('SSO_PROVIDER_UNREACHABLE');
      });
    this.discovered = { at: now, configuration };
    return configuration;
  }
}

/**
 * openid-client's error: its code, and what oauth4webapi's error under it says (the message naming the parameter,
 * and for a claim comparison the claim).
 */
function describe(error: unknown): { code: string; message: string; claim: string; detail: string } {
  const outer = (error ?? {}) as { code?: unknown; message?: unknown; cause?: unknown };
  const inner = (outer.cause ?? {}) as { message?: unknown; cause?: { claim?: unknown } };
  return {
    code: typeof outer.code === 'string' ? outer.code : '',
    message: typeof outer.message === 'string' ? outer.message : String(error),
    claim: typeof inner.cause?.claim === 'string' ? inner.cause.claim : '',
    detail: typeof inner.message === 'string' ? inner.message : '',
  };
}
