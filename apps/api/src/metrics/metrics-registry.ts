import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { Clock } from '../core/clock.js';
import { certificateCountsSql, EARLIEST_NOT_AFTER_SQL, ORGANISATION_NAMES_SQL } from './metrics-sql.js';

/**
 * The api's Prometheus registry (one per application, not prom-client's global one, so several apps in one
 * process, as in the tests, keep apart). HTTP metrics are recorded as requests finish; the certificate gauges
 * are computed when scraped, with set-based SQL (status bounds from libs/domain statusThresholds).
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(@InjectDataSource() db: DataSource, clock: Clock) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'certdesk_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'certdesk_http_request_duration_seconds',
      help: 'HTTP request latency, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // The gauges' collect() runs with `this` bound to the gauge: they reach the database through these.
    new Gauge({
      name: 'certdesk_certificates',
      help: 'Active certificates by organisation (id), status (at scrape time) and environment',
      labelNames: ['organisation', 'status', 'environment'],
      registers,
      async collect() {
        const { text, values } = certificateCountsSql(clock.now());
        const rows: { organisation_id: string; status: string; environment: string; n: number }[] =
          await db.query(text, values);
        this.reset();
        for (const row of rows)
          this.set(
            { organisation: row.organisation_id, status: row.status, environment: row.environment },
            row.n,
          );
      },
    });
    new Gauge({
      name: 'certdesk_organisation_earliest_not_after_seconds',
      help: "Unix time of the earliest notAfter among the organisation's active certificates",
      labelNames: ['organisation'],
      registers,
      async collect() {
        const rows: { organisation_id: string; seconds: number }[] = await db.query(EARLIEST_NOT_AFTER_SQL);
        this.reset();
        for (const row of rows) this.set({ organisation: row.organisation_id }, row.seconds);
      },
    });
    new Gauge({
      name: 'certdesk_organisation_info',
      help: 'Always 1: joins an organisation id to its name',
      labelNames: ['organisation', 'name'],
      registers,
      async collect() {
        const rows: { id: string; name: string }[] = await db.query(ORGANISATION_NAMES_SQL);
        this.reset();
        for (const row of rows) this.set({ organisation: row.id, name: row.name }, 1);
      },
    });
  }
}
