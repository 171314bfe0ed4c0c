import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { $api, api, tokenStore, unwrap } from '../api/client.js';
import type { Me } from '../api/types.js';
import { can, type Permission } from './permissions.js';

interface Session {
  /** Who is logged in; undefined while loading or logged out. */
  me: Me | undefined;
  loggedIn: boolean;
  loading: boolean;
  /** Starts a session with a token the api issued (password or eID log-in). */
  signIn(accessToken: string): void;
  signOut(): Promise<void>;
  can(permission: Permission, organisationId?: string | null): boolean;
}

const SessionContext = createContext<Session | null>(null);

/**
 * The session's check: whom the token is for, and what they may do. Also started at the app's start (page-data.ts),
 * before the first render, beside the page's own first request: every page waits for it.
 */
export const sessionCheck = () => ({ ...$api.queryOptions('get', '/api/v1/auth/me', {}), staleTime: 60_000 });

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(() => tokenStore.get());
  const meQuery = useQuery({ ...sessionCheck(), enabled: token !== null });

  useEffect(() => {
    const end = () => {
      setToken(null);
      queryClient.clear();
    };
    tokenStore.onUnauthenticated(end);
    // A request of the app's start (page-data.ts) may have found the token refused before this was listening.
    if (tokenStore.get() === null) end();
  }, [queryClient]);

  const signIn = useCallback(
    (accessToken: string) => {
      queryClient.clear();
      tokenStore.set(accessToken);
      setToken(accessToken);
    },
    [queryClient],
  );
  const signOut = useCallback(async () => {
    try {
      await unwrap(api.POST('/api/v1/auth/logout'));
    } catch {
      // The token is dropped here either way.
    }
    tokenStore.set(null);
    setToken(null);
    queryClient.clear();
  }, [queryClient]);

  const me = token ? meQuery.data : undefined;
  const value = useMemo<Session>(
    () => ({
      me,
      loggedIn: token !== null,
      loading: token !== null && meQuery.isPending,
      signIn,
      signOut,
      can: (permission, organisationId) => can(me, permission, organisationId),
    }),
    [me, token, meQuery.isPending, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
