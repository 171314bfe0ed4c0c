import { Module } from '@nestjs/common';
import { CutOverModule } from '../cut-over/cut-over.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { DiscoverEtksHandler } from './discover-etks.command.js';
import { EtkDepotGateway } from './etk-depot-gateway.js';
import { EtkDirectoryController } from './etk-directory.controller.js';
import { EtkDirectoryMetrics } from './etk-directory-metrics.js';
import { EtkDiscovery } from './etk-discovery.service.js';
import { EtkDiscoveryWorker } from './etk-discovery.worker.js';
import { EtkPublicationsRepository } from './etk-publications.repository.js';
import { ListEtksHandler } from './list-etks.query.js';

/**
 * The eHealth ETK directory (docs/etk-directory.md): discovery on demand and for the notifier's schedule, what it
 * publishes per organisation, and its metrics.
 */
@Module({
  imports: [MetricsModule, CutOverModule],
  controllers: [EtkDirectoryController],
  providers: [
    EtkDirectoryMetrics,
    EtkDepotGateway,
    EtkPublicationsRepository,
    EtkDiscovery,
    EtkDiscoveryWorker,
    DiscoverEtksHandler,
    ListEtksHandler,
  ],
  exports: [EtkDiscoveryWorker, EtkDiscovery],
})
export class EtkDirectoryModule {}
