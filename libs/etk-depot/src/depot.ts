// The depot of each environment, from the settings: what the api, the notifier and the CLI ask.
import { EtkDepotClient, type EtkDepotClientOptions, type EtkDiscovery, type EtkQuery } from './client.js';
import type { DepotEnvironment, EtkDepotSettings } from './config.js';
import { EtkDepotError } from './errors.js';

export type EtkDepotOptions = Omit<EtkDepotClientOptions, 'url' | 'environment'>;

export class EtkDepot {
  private readonly clients = new Map<DepotEnvironment, EtkDepotClient>();

  /** The options (time-outs, retries, the rate-limit hook) are shared by both environments. */
  constructor(
    readonly settings: EtkDepotSettings,
    private readonly options: EtkDepotOptions = {},
  ) {}

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** Every ETK of the identifier in that environment. Throws EtkDepotError (DEPOT_DISABLED with ETK_DEPOT=off). */
  discover(
    query: EtkQuery,
    environment: DepotEnvironment,
    options: { signal?: AbortSignal } = {},
  ): Promise<EtkDiscovery> {
    if (!this.settings.enabled)
      return Promise.reject(
        new EtkDepotError(
          'DEPOT_DISABLED',
          'ETK Depot lookups are off on this installation (ETK_DEPOT=off).',
        ),
      );
    return this.client(environment).discover(query, options);
  }

  client(environment: DepotEnvironment): EtkDepotClient {
    let client = this.clients.get(environment);
    if (!client) {
      client = new EtkDepotClient({ ...this.options, url: this.settings.urls[environment], environment });
      this.clients.set(environment, client);
    }
    return client;
  }
}
