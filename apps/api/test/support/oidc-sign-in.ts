// A browser's part in a single sign-on, by hand: cookies per site, redirects followed one by one, the provider's
// log-in form answered. The api is reached through supertest at PUBLIC_URL's host, the provider over loopback HTTP.
import type { TestApp } from './test-app.js';

export interface SignInOutcome {
  /** The provider's answer as it reached Certdesk (to replay it). */
  callbackUrl: string;
  /** Where Certdesk sent the browser: /login#sso=<ticket> or /login#sso-error=<code>. */
  loginPage: URL;
  ticket: string | null;
  error: string | null;
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

export class SignInBrowser {
  private readonly certdeskCookies: Jar = new Map();
  private readonly providerCookies: Jar = new Map();
  /** The binding cookie the last start set (the callback clears it; a replay may put it back). */
  private binding: string | undefined;

  /** `start` and `callback` may be two api replicas on one database and one Redis. */
  constructor(
    private readonly start: TestApp['http'],
    private readonly callback: TestApp['http'] = start,
    private readonly certdeskOrigin = 'http://certdesk.test',
  ) {}

  /** Signs in at the provider as `account`; `withoutBinding`: the answer arrives in a browser that did not start it. */
  async signIn(account: string, options: { withoutBinding?: boolean } = {}): Promise<SignInOutcome> {
    const started = await this.start().get('/api/v1/auth/oidc/start');
    if (started.status !== 302) throw new Error(`start answered ${started.status}`);
    remember(this.certdeskCookies, (started.headers['set-cookie'] as unknown as string[] | undefined) ?? []);
    this.binding = this.certdeskCookies.get('certdesk_sso');
    let url = new URL(started.headers.location as string);
    if (url.origin === this.certdeskOrigin) return this.outcome('', url);
    // The provider: its authorization endpoint, then its log-in form.
    for (let hops = 0; hops < 10; hops++) {
      if (url.origin === this.certdeskOrigin) {
        if (options.withoutBinding) this.certdeskCookies.clear();
        return this.deliver(url.href);
      }
      const form = /\/interaction\//.test(url.pathname);
      const response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: cookieHeader(this.providerCookies),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: new URLSearchParams({ login: account }).toString() } : {}),
      });
      remember(this.providerCookies, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (!location) throw new Error(`the provider answered ${response.status}: ${await response.text()}`);
      url = new URL(location, url);
    }
    throw new Error('too many redirects');
  }

  /**
   * Sends the browser to this callback URL (again), with whatever binding cookie it holds; `withBinding`: with the
   * cookie of the sign-in it started last put back, as an attacker replaying a whole answer would.
   */
  async deliver(callbackUrl: string, options: { withBinding?: boolean } = {}): Promise<SignInOutcome> {
    if (options.withBinding && this.binding) this.certdeskCookies.set('certdesk_sso', this.binding);
    const url = new URL(callbackUrl);
    const answered = await this.callback()
      .get(url.pathname + url.search)
      .set('cookie', cookieHeader(this.certdeskCookies));
    if (answered.status !== 303) throw new Error(`the callback answered ${answered.status}`);
    remember(this.certdeskCookies, (answered.headers['set-cookie'] as unknown as string[] | undefined) ?? []);
    return this.outcome(callbackUrl, new URL(answered.headers.location as string));
  }

  private outcome(callbackUrl: string, loginPage: URL): SignInOutcome {
    const fragment = new URLSearchParams(loginPage.hash.slice(1));
    return { callbackUrl, loginPage, ticket: fragment.get('sso'), error: fragment.get('sso-error') };
  }
}
