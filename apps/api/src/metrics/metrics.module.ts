import { Module } from '@nestjs/common';
import { HttpMetricsHooks } from './http-metrics.hooks.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics-registry.js';

/** /metrics for Prometheus: HTTP metrics and the certificate gauges. */
// MetricsRegistry is exported so feature modules (the ETK directory) add their metrics to the one registry.
@Module({
  controllers: [MetricsController],
  providers: [MetricsRegistry, HttpMetricsHooks],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
