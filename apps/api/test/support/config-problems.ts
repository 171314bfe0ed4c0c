import { ConfigError, loadConfig } from '../../src/config/config.js';

/** The least an api's environment needs (TOKEN_SECRET); every other variable has a default. */
export const MINIMAL_ENV = { TOKEN_SECRET: 'a-token-secret-that-is-long-enough-0000' };

/** What loadConfig refuses in MINIMAL_ENV with `env` added: empty when it accepts it. */
export function configProblems(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig({ ...MINIMAL_ENV, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
