import { ApiProperty, OmitType } from '@nestjs/swagger';
import { AuditEventDto } from '../audit/audit.dto.js';
import { DeploymentDto } from '../deployments/deployment.dto.js';
import { KeystoreDetailDto } from '../keystores/keystore.dto.js';
import {
  NewRequestDto,
  PasswordChangeDto,
  RenewalCaseDto,
  RevocationDto,
} from '../lifecycle/lifecycle.dto.js';
import { CertificateDto } from './certificate.dto.js';
import { ReadinessDto } from './readiness/readiness.dto.js';

// The lifecycle answers, without the certificate they are about (the detail is that certificate).
export class CertificateRenewalCaseDto extends OmitType(RenewalCaseDto, ['certificate'] as const) {}
// The renewal a revocation abandoned shows in `renewals`, abandoned, with the reason.
export class CertificateRevocationDto extends OmitType(RevocationDto, [
  'certificate',
  'newRequest',
  'abandonedRenewalCaseId',
] as const) {}
export class CertificatePasswordChangeDto extends OmitType(PasswordChangeDto, ['certificate'] as const) {}

export class CertificateLifecycleDto {
  @ApiProperty({
    type: [CertificateRenewalCaseDto],
    description: 'Newest first, each with its steps (who, when, note)',
  })
  renewals!: CertificateRenewalCaseDto[];
  @ApiProperty({ type: CertificateRevocationDto, nullable: true })
  revocation!: CertificateRevocationDto | null;
  @ApiProperty({
    type: [NewRequestDto],
    description: 'Requests replacing this certificate, or that produced it; newest first',
  })
  newRequests!: NewRequestDto[];
  @ApiProperty({ type: [CertificatePasswordChangeDto], description: 'Newest first' })
  passwordChanges!: CertificatePasswordChangeDto[];
}

/** One certificate with everything Certdesk knows about it: GET /api/v1/certificates/:id. */
export class CertificateDetailDto extends CertificateDto {
  @ApiProperty({
    type: KeystoreDetailDto,
    nullable: true,
    description: 'Where its keystore lives and what it holds',
  })
  override keystore: KeystoreDetailDto | null = null;
  @ApiProperty({ type: [DeploymentDto], description: 'The software and integrators using it' })
  deployments!: DeploymentDto[];
  @ApiProperty({ type: CertificateLifecycleDto }) lifecycle!: CertificateLifecycleDto;
  @ApiProperty({
    type: ReadinessDto,
    nullable: true,
    description:
      'Renewal readiness: each condition a renewal needs, met or not (active certificates; else null)',
  })
  readiness!: ReadinessDto | null;
  @ApiProperty({
    type: [AuditEventDto],
    description:
      'Its audit trail, newest first (the latest 500; GET /api/v1/audit?certificateId= pages through all)',
  })
  audit!: AuditEventDto[];
}
