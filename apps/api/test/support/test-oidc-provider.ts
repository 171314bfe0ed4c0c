// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module (the package has no types), needed by the dashboard test that imports this file too
/// <reference path="./oidc-provider-types.d.ts" />
// A real OpenID provider on loopback for the single sign-on tests: oidc-provider 9 (the certified Node.js
// implementation), with its log-in form served here. The api's tests and the dashboard's chromium tests share it.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import * as client from 'openid-client';

export interface TestAccount {
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  groups?: unknown;
}

export interface TestOidcProvider {
  /** The issuer Certdesk is configured with (OIDC_ISSUER). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Another application registered at the same provider. */
  otherClient: { id: string; secret: string; redirectUri: string };
  /** Accounts by the name typed into the log-in form. */
  accounts: Map<string, TestAccount>;
  /** Registers Certdesk's callback (when it is known only once Certdesk has started on a free port). */
  setRedirectUri(redirectUri: string): void;
  /** From now on the provider signs with this issuer (same URLs and keys): an answer Certdesk must not believe. */
  impersonateIssuer(issuer: string): void;
  /** Rewrites the token endpoint's next answers (null: stop). */
  rewriteTokenResponses(rewrite: ((body: Record<string, unknown>) => Record<string, unknown>) | null): void;
  /** A real ID token the provider issues to the other application for this account. */
  idTokenForOtherClient(account: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the provider; `redirectUri` is Certdesk's callback (OIDC_REDIRECT_URL or derived from PUBLIC_URL). */
export async function startTestOidcProvider(initialRedirectUri: string): Promise<TestOidcProvider> {
  let redirectUri = initialRedirectUri;
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  const base = `http://127.0.0.1:${address.port}`;
  const clientId = 'certdesk';
  const clientSecret = randomBytes(24).toString('hex');
  const otherClient = {
    id: 'other-app',
    secret: randomBytes(24).toString('hex'),
    redirectUri: `${base}/other-app/callback`,
  };
  const accounts = new Map<string, TestAccount>();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

  const makeProvider = (issuer: string) =>
    new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
        {
          client_id: otherClient.id,
          client_secret: otherClient.secret,
          redirect_uris: [otherClient.redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      jwks: { keys: [jwk] },
      cookies: { keys: ['test-provider-cookie-key'] },
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name'],
        groups: ['groups'],
      },
      findAccount: (_ctx: unknown, sub: string) =>
        accounts.has(sub) ? { accountId: sub, claims: () => ({ sub, ...accounts.get(sub) }) } : undefined,
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      },
      features: { devInteractions: { enabled: false } },
      pkce: { required: () => true },
      // The test reads the provider's refusals itself.
      renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
        ctx.type = 'html';
        ctx.body = `<h1>provider error</h1><pre>${JSON.stringify(out)}</pre>`;
      },
    });

  let issuer = base;
  let provider = makeProvider(issuer);
  let rewrite: ((body: Record<string, unknown>) => Record<string, unknown>) | null = null;

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const url = new URL(request.url ?? '/', base);
      const interaction = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
      if (interaction) return answerInteraction(provider, accounts, request, response);
      if (rewrite && url.pathname === '/token' && request.method === 'POST') rewriteEnd(response, rewrite);
      provider.callback()(request, response);
    })().catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });

  return {
    issuer: base,
    clientId,
    clientSecret,
    otherClient,
    accounts,
    setRedirectUri: (uri) => {
      redirectUri = uri;
      provider = makeProvider(issuer);
    },
    impersonateIssuer: (other) => {
      issuer = other;
      provider = makeProvider(issuer);
    },
    idTokenForOtherClient: (account) => idTokenForOtherClient({ issuer: base, otherClient }, account),
    rewriteTokenResponses: (next) => {
      rewrite = next;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The log-in form (GET), and its answer (POST): the account logs in and consents to what was asked. */
async function answerInteraction(
  provider: Provider,
  accounts: Map<string, TestAccount>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(request, response);
  if (request.method !== 'POST') {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body>
      <h1>Test identity provider</h1>
      <form method="post" action="/interaction/${details.uid}">
        <label>Account <input name="login" autocomplete="off"></label>
        <button type="submit">Sign in</button>
      </form></body></html>`);
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const login = new URLSearchParams(Buffer.concat(chunks).toString()).get('login') ?? '';
  if (!accounts.has(login)) {
    await provider.interactionFinished(request, response, {
      error: 'access_denied',
      error_description: 'unknown account',
    });
    return;
  }
  const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id! });
  grant.addOIDCScope(details.params.scope ?? 'openid');
  const grantId = await grant.save();
  await provider.interactionFinished(
    request,
    response,
    { login: { accountId: login }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

/** Lets the token endpoint's JSON answer be rewritten before it leaves (Koa writes it with one end()). */
function rewriteEnd(
  response: ServerResponse,
  rewrite: (body: Record<string, unknown>) => Record<string, unknown>,
): void {
  const end = response.end.bind(response) as (chunk?: unknown) => ServerResponse;
  response.end = ((chunk?: unknown) => {
    if (response.statusCode !== 200 || chunk === undefined) return end(chunk);
    const text = JSON.stringify(rewrite(JSON.parse(String(chunk)) as Record<string, unknown>));
    response.setHeader('content-length', Buffer.byteLength(text));
    return end(text);
  }) as ServerResponse['end'];
}

/**
 * A real ID token the provider issued to another application (its own code flow, PKCE and client secret): what a
 * confused or malicious party might hand Certdesk instead of its own.
 */
async function idTokenForOtherClient(
  provider: { issuer: string; otherClient: { id: string; secret: string; redirectUri: string } },
  account: string,
): Promise<string> {
  const config = await client.discovery(
    new URL(provider.issuer),
    provider.otherClient.id,
    provider.otherClient.secret,
    undefined,
    { execute: [client.allowInsecureRequests] },
  );
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  let url = client.buildAuthorizationUrl(config, {
    redirect_uri: provider.otherClient.redirectUri,
    scope: 'openid email',
    state,
    // A complete ID token (a nonce, as Certdesk's carry): the audience is what differs.
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const jar: Jar = new Map();
  while (!url.href.startsWith(provider.otherClient.redirectUri)) {
    const form = /\/interaction\//.test(url.pathname);
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(jar),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams({ login: account }).toString() } : {}),
    });
    remember(jar, response.headers.getSetCookie());
    url = new URL(response.headers.get('location')!, url);
  }
  const tokens = await client.authorizationCodeGrant(config, url, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  return tokens.id_token!;
}

type Jar = Map<string, string>;

function remember(jar: Jar, setCookies: string[]): void {
  for (const line of setCookies) {
    const [pair = ''] = line.split(';');
    const [name = '', ...value] = pair.split('=');
    if (/expires=Thu, 01 Jan 1970/i.test(line) || value.join('=') === '') jar.delete(name.trim());
    else jar.set(name.trim(), value.join('='));
  }
}

const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
