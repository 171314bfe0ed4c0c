import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { EidCertificateChecks } from './eid-certificate-checks.js';
import { EidCertificatesSeen } from './eid-certificates-seen.js';
import { EidChallenges } from './eid-challenges.js';
import { EidController } from './eid.controller.js';
import { EidLoginHandler } from './eid-login/eid-login.handler.js';
import { EidTrustStore } from './eid-trust-store.js';
import { EidUsedNonces } from './eid-used-nonces.js';
import { IssueChallengeHandler } from './issue-challenge/issue-challenge.handler.js';

/**
 * The Belgian eID: log-in (a challenge signed by the Authentication key through the card-bridge) and the checks every
 * eID signature goes through (EidCertificateChecks, used by the signed handover too).
 */
@Module({
  imports: [AuthModule],
  controllers: [EidController],
  providers: [
    EidTrustStore,
    EidCertificateChecks,
    EidCertificatesSeen,
    EidChallenges,
    EidUsedNonces,
    IssueChallengeHandler,
    EidLoginHandler,
  ],
  exports: [EidCertificateChecks, EidCertificatesSeen],
})
export class EidModule {}
