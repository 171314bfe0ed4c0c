import { Module } from '@nestjs/common';
import { EvidenceController } from './evidence.controller.js';
import { EvidencePackBuilder } from './evidence-pack-builder.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceSigningKeyRepository } from './evidence-signing-key.repository.js';
import { EvidenceSigningKeys } from './evidence-signing-keys.js';
import { InstallationKeyController } from './installation-key.controller.js';
import { MakeEvidencePackHandler } from './make-evidence-pack.js';

/** Evidence packs for audits and the installation's signing key (docs/evidence.md). */
@Module({
  controllers: [EvidenceController, InstallationKeyController],
  providers: [
    EvidencePackBuilder,
    EvidenceRepository,
    EvidenceSigningKeyRepository,
    EvidenceSigningKeys,
    MakeEvidencePackHandler,
  ],
})
export class EvidenceModule {}
