import { $api } from '../api/client.js';

/** How this installation signs people in (`GET /api/v1/auth/methods`): password, single sign-on, eID. */
export function useLogInMethods() {
  return $api.useQuery('get', '/api/v1/auth/methods', {}, { staleTime: Infinity });
}

/**
 * Whether e-mail and password log-in is on (PASSWORD_LOGIN). When it is off, no page offers a password or a link to
 * choose one: it would open nothing. Until the answer is in, on.
 */
export function usePasswordLogin(): boolean {
  return useLogInMethods().data?.password ?? true;
}
