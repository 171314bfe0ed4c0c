import { $api } from '../api/client.js';

/** How this installation signs people in (`GET /api/v1/auth/methods`): password, single sign-on, eID. */
export function useLogInMethods() {
  return $api.useQuery('get', '/api/v1/auth/methods', {}, { staleTime: Infinity });
}

/**
 * Whether e-mail and password log-in is on (PASSWORD_LOGIN), once the api has said; undefined until then. When it is
 * off, no page offers a password or a link to choose one: it would open nothing. Each page decides what to show
 * before the answer: the people pages nothing (a password choice that then vanishes), the log-in page its form.
 */
export function usePasswordLogin(): boolean | undefined {
  return useLogInMethods().data?.password;
}
