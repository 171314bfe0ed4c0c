// The mail catcher's settings, from the environment `npm start` gives it.
import { fileURLToPath } from 'node:url';

export interface MailCatcherConfig {
  directory: string;
  host: string;
  smtpPort: number;
  httpPort: number;
}

/** The repository's `.certdesk/mail/`, from src/mail-catcher or dist/mail-catcher alike (ignored by git). */
export const DEFAULT_MAIL_DIRECTORY = fileURLToPath(new URL('../../../../.certdesk/mail/', import.meta.url));
export const DEFAULT_SMTP_PORT = 1025;
export const DEFAULT_HTTP_PORT = 1080;

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value > 65_535) {
    throw new RangeError(`${name} must be a port number (0-65535; 0 picks a free one), got "${text}".`);
  }
  return value;
}

/** Throws a RangeError naming the variable when one is malformed. */
export function mailCatcherConfig(env: NodeJS.ProcessEnv): MailCatcherConfig {
  return {
    directory: env.MAIL_CATCHER_DIR?.trim() || DEFAULT_MAIL_DIRECTORY,
    host: env.MAIL_CATCHER_HOST?.trim() || '127.0.0.1',
    smtpPort: port(env, 'MAIL_CATCHER_SMTP_PORT', DEFAULT_SMTP_PORT),
    httpPort: port(env, 'MAIL_CATCHER_HTTP_PORT', DEFAULT_HTTP_PORT),
  };
}
