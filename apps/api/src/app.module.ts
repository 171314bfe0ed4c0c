import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@certdesk/persistence';
import { SsinMaskingInterceptor } from './access/ssin-masking.interceptor.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BulkActionsModule } from './bulk-actions/bulk-actions.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CertificateListModule } from './certificates/list/certificate-list.module.js';
import { CertificatesModule } from './certificates/certificates.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { HttpServerReadiness } from './common/http-server-readiness.js';
import type { AppConfig } from './config/config.js';
import { CoreModule } from './core/core.module.js';
import { CutOverModule } from './cut-over/cut-over.module.js';
import { CustodyModule } from './custody/custody.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DeploymentsModule } from './deployments/deployments.module.js';
import { EidModule } from './eid/eid.module.js';
import { EtkDirectoryModule } from './etk-directory/etk-directory.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { HandoversModule } from './handovers/handovers.module.js';
import { HealthModule } from './health/health.module.js';
import { KeystoresModule } from './keystores/keystores.module.js';
import { LabelsModule } from './labels/labels.module.js';
import { LifecycleModule } from './lifecycle/lifecycle.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MutesModule } from './mutes/mutes.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { OverviewModule } from './overview/overview.module.js';
import { PeopleModule } from './people/people.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { UsersModule } from './users/users.module.js';
import { WarningsModule } from './warnings/warnings.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { BodyMediaTypeInterceptor } from './common/body-media-type.interceptor.js';

/** One line per feature module. */
const FEATURE_MODULES = [
  AuthModule,
  UsersModule,
  OrganisationsModule,
  PeopleModule,
  AuditModule,
  CertificatesModule,
  DeploymentsModule,
  CustodyModule,
  KeystoresModule,
  LifecycleModule,
  EidModule,
  HandoversModule,
  HealthModule,
  CertificateListModule,
  WarningsModule,
  OverviewModule,
  CalendarModule,
  MetricsModule,
  RemindersModule,
  DemoModule,
  EtkDirectoryModule,
  WebhooksModule,
  CutOverModule,
  EvidenceModule,
  MutesModule,
  LabelsModule,
  BulkActionsModule,
];

/** The api, built from a validated configuration (see config/config.ts). */
@Module({})
export class AppModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forConfig(config),
        CqrsModule.forRoot(),
        TypeOrmModule.forRoot(
          dataSourceOptions({
            url: config.databaseUrl,
            poolSize: config.databasePoolSize,
            applicationName: 'certdesk-api',
          }),
        ),
        ...FEATURE_MODULES,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        HttpServerReadiness,
        { provide: APP_INTERCEPTOR, useClass: BodyMediaTypeInterceptor },
        { provide: APP_INTERCEPTOR, useClass: SsinMaskingInterceptor },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
        },
      ],
    };
  }
}
