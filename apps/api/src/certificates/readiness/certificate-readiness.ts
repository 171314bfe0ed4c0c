import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { renewalReadiness } from '@certdesk/domain';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { ReadinessDto } from './readiness.dto.js';
import { ReadinessFactsRepository } from './readiness-facts.repository.js';

/** Renewal readiness of active certificates (superseded and revoked ones have none: null). */
@Injectable()
export class CertificateReadiness {
  constructor(
    private readonly facts: ReadinessFactsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async of(
    manager: EntityManager,
    certificates: { id: string; state: string }[],
    now: Date,
  ): Promise<Map<string, ReadinessDto | null>> {
    const active = certificates.filter((c) => c.state === 'active').map((c) => c.id);
    const facts = await this.facts.load(manager, active);
    return new Map(
      certificates.map((c) => {
        const known = facts.get(c.id);
        return [c.id, known ? renewalReadiness(known, now, this.config.readiness) : null];
      }),
    );
  }
}
