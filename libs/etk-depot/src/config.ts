// Where the depot is, from the environment: ETK_DEPOT_URL, ETK_DEPOT_ACCEPTANCE_URL, and ETK_DEPOT=off.

export type DepotEnvironment = 'production' | 'acceptance';

export const DEPOT_ENVIRONMENTS: readonly DepotEnvironment[] = ['production', 'acceptance'];

/** The eHealth platform's endpoints (anonymous: no STS token, no TLS client certificate). */
export const ETK_DEPOT_ENDPOINTS: Readonly<Record<DepotEnvironment, string>> = {
  production: 'https://services.ehealth.fgov.be/EtkDepot/v1',
  acceptance: 'https://services-acpt.ehealth.fgov.be/EtkDepot/v1',
};

export interface EtkDepotSettings {
  /** False with ETK_DEPOT=off (air-gapped installations): no lookup is made. */
  enabled: boolean;
  urls: Record<DepotEnvironment, string>;
}

/** A bad setting, naming its variable. */
export class EtkDepotSettingsError extends Error {
  override readonly name = 'EtkDepotSettingsError';

  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

export function etkDepotSettingsFromEnv(env: Record<string, string | undefined>): EtkDepotSettings {
  const switchValue = (env.ETK_DEPOT ?? '').trim().toLowerCase();
  if (!['', 'on', 'off'].includes(switchValue))
    throw new EtkDepotSettingsError('ETK_DEPOT', `"${env.ETK_DEPOT}" is neither "on" nor "off".`);
  return {
    enabled: switchValue !== 'off',
    urls: {
      production: depotUrl(env, 'ETK_DEPOT_URL', ETK_DEPOT_ENDPOINTS.production),
      acceptance: depotUrl(env, 'ETK_DEPOT_ACCEPTANCE_URL', ETK_DEPOT_ENDPOINTS.acceptance),
    },
  };
}

/** An http(s) URL, without credentials (the depot is anonymous: a password here would be a mistake to refuse). */
export function checkDepotUrl(value: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EtkDepotSettingsError(variable, `"${value}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new EtkDepotSettingsError(variable, `"${value}" is not an http(s) URL.`);
  if (url.username || url.password)
    throw new EtkDepotSettingsError(
      variable,
      'the depot is anonymous: give its URL without a user or password.',
    );
  return url.href;
}

function depotUrl(env: Record<string, string | undefined>, variable: string, fallback: string): string {
  const value = env[variable]?.trim();
  return value ? checkDepotUrl(value, variable) : fallback;
}
