import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { DepotRequestOutcome } from '@certdesk/etk-depot';
import { MetricsRegistry } from '../metrics/metrics-registry.js';

/**
 * The ETK directory's metrics, in the api's registry: every request made to the depot by outcome, and per
 * organisation the last successful discovery and the failures since (read from etk_discovery_state when scraped).
 */
@Injectable()
export class EtkDirectoryMetrics {
  readonly requests: Counter<'outcome'>;

  constructor(metrics: MetricsRegistry, @InjectDataSource() db: DataSource) {
    const registers = [metrics.registry];
    this.requests = new Counter({
      name: 'certdesk_etk_depot_requests_total',
      help: 'HTTP requests made to the eHealth ETK Depot, by outcome (etk, matching, none, fault, garbage, http-error, unreachable)',
      labelNames: ['outcome'],
      registers,
    });
    new Gauge({
      name: 'certdesk_etk_discovery_last_success_seconds',
      help: 'Unix time of the last successful ETK directory discovery of the organisation (id)',
      labelNames: ['organisation'],
      registers,
      async collect() {
        const rows: { organisation_id: string; seconds: number }[] = await db.query(
          `SELECT organisation_id, extract(epoch FROM last_success_at)::float8 AS seconds
             FROM etk_discovery_state WHERE last_success_at IS NOT NULL`,
        );
        this.reset();
        for (const row of rows) this.set({ organisation: row.organisation_id }, row.seconds);
      },
    });
    new Gauge({
      name: 'certdesk_etk_discovery_consecutive_failures',
      help: 'ETK directory discoveries of the organisation (id) that failed since its last success',
      labelNames: ['organisation'],
      registers,
      async collect() {
        const rows: { organisation_id: string; failures: number }[] = await db.query(
          'SELECT organisation_id, consecutive_failures AS failures FROM etk_discovery_state',
        );
        this.reset();
        for (const row of rows) this.set({ organisation: row.organisation_id }, row.failures);
      },
    });
  }

  count(outcome: DepotRequestOutcome): void {
    this.requests.inc({ outcome });
  }
}
