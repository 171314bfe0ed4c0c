import createFetchClient, { type Middleware } from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';
import { toApiError } from './errors.js';
import type { paths } from './schema.js';

export { ApiError, toApiError, type ApiErrorBody } from './errors.js';

/** The session's bearer token: kept for this tab only (sessionStorage), never in a cookie. */
const TOKEN_KEY = 'certdesk.token';
let onUnauthenticated: () => void = () => {};

export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string | null) =>
    token ? sessionStorage.setItem(TOKEN_KEY, token) : sessionStorage.removeItem(TOKEN_KEY),
  /** Called when the api no longer accepts the token (expired, revoked). */
  onUnauthenticated: (callback: () => void) => {
    onUnauthenticated = callback;
  },
};

const bearer: Middleware = {
  onRequest({ request }) {
    const token = tokenStore.get();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && schemaPath !== '/api/v1/auth/login' && tokenStore.get()) {
      tokenStore.set(null);
      onUnauthenticated();
    }
    return response;
  },
};

/** The typed client, generated from apps/api/openapi.json (`npm run generate`): no hand-copied api types. */
export const api = createFetchClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);

/** The same client as TanStack Query hooks: `$api.useQuery('get', '/api/v1/...')`, `$api.useMutation(...)`. */
export const $api = createQueryClient(api);

/** The data of a call, or its error thrown as an ApiError (for calls made outside the query hooks). */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(error ?? { message: response.statusText }, response.status);
  return data as T;
}
