import { type CliIo, UsageError } from './io.js';

/** The options every command that talks to the api takes. */
export const API_OPTIONS = { api: { type: 'string' }, 'token-env': { type: 'string' } } as const;

export interface ApiTarget {
  api: string;
  token: string;
}

/**
 * The api's address (--api, CERTDESK_API_URL, else http://127.0.0.1:3000) and the token, read from an environment
 * variable (--token-env, default CERTDESK_TOKEN) so it never shows in a process list or a shell history.
 */
export function apiTarget(values: { api?: string; 'token-env'?: string }, io: CliIo): ApiTarget {
  const tokenVariable = values['token-env'] ?? 'CERTDESK_TOKEN';
  const token = io.env[tokenVariable];
  if (!token) throw new UsageError(`set ${tokenVariable} to a Certdesk api token`);
  const api = (values.api ?? io.env.CERTDESK_API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  return { api, token };
}
