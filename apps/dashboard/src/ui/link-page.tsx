import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { LanguageSwitch } from './layout.js';
import { Page } from './page.js';

/**
 * The token of a mailed link (set-password, cut-over): after `#token=`, in the fragment, where no server log or
 * Referer header sees it.
 */
export function useLinkToken(): string {
  return new URLSearchParams(useLocation().hash.replace(/^#/, '')).get('token') ?? '';
}

/** A page opened from a mailed link, without a session: the language switch and the page, or why it cannot open. */
export function LinkPage({
  title,
  noToken,
  children,
}: {
  title: string;
  noToken: string;
  children: ReactNode;
}) {
  const token = useLinkToken();
  return (
    <main id="main" className="login">
      <div className="login-top">
        <LanguageSwitch />
      </div>
      <Page title={title}>{token ? children : <p className="error">{noToken}</p>}</Page>
    </main>
  );
}
