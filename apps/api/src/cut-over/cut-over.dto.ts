import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

/** The longest override reason kept (as a lifecycle note). */
export const OVERRIDE_REASON_MAX = 2000;

export const CUT_OVER_REQUEST_STATES = ['pending', 'expired', 'confirmed', 'overridden'] as const;
export type CutOverRequestState = (typeof CUT_OVER_REQUEST_STATES)[number];

/** What the person with the link must install: the renewed certificate's public facts, nothing else of it. */
export class CutOverNewCertificateDto {
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'Hexadecimal, as the eHealth tools show it' }) serialNumber!: string;
  @ApiProperty({ format: 'date-time' }) notBefore!: string;
  @ApiProperty({ format: 'date-time' }) notAfter!: string;
}

/** The public page of a cut-over link: which system, for which organisation, and the certificate to install. */
export class CutOverLinkDto {
  @ApiProperty({ enum: ['pending', 'confirmed'] }) state!: 'pending' | 'confirmed';
  @ApiProperty() organisationName!: string;
  @ApiProperty({ description: 'The system (software) that must be given the new keystore' })
  software!: string;
  @ApiProperty({ type: String, nullable: true }) integrator!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Until when the link works' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt!: string | null;
  @ApiProperty({
    type: CutOverNewCertificateDto,
    nullable: true,
    description: 'Null while the renewed certificate is not yet in Certdesk',
  })
  newCertificate!: CutOverNewCertificateDto | null;
}

/** One deployment's cut-over, as the certificate page shows it. */
export class CutOverRequestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) renewalCaseId!: string;
  @ApiProperty({ format: 'uuid' }) deploymentId!: string;
  @ApiProperty() software!: string;
  @ApiProperty({ type: String, nullable: true }) integrator!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Whom the link was mailed to (null: nobody to ask)',
  })
  contactEmail!: string | null;
  @ApiProperty({ enum: CUT_OVER_REQUEST_STATES }) state!: CutOverRequestState;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) mailedAt!: string | null;
  @ApiProperty({
    description: 'Reminders the contact was mailed, each with a fresh link (CUT_OVER_REMINDER_DAYS)',
  })
  remindersSent!: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the last reminder was mailed',
  })
  lastRemindedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The contact who confirmed' })
  confirmedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) overriddenAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) overriddenById!: string | null;
  @ApiProperty({ type: String, nullable: true }) overrideReason!: string | null;
}

export class CertificateCutOverDto {
  @ApiProperty({
    description: 'Deployments that have neither confirmed the new keystore nor been overridden (0: none)',
  })
  stillInUseBy!: number;
  @ApiProperty({ type: [CutOverRequestDto], description: 'The newest renewal’s first' })
  requests!: CutOverRequestDto[];
}

export class CutOverOverrideDto {
  @ApiProperty({ maxLength: OVERRIDE_REASON_MAX, example: 'The lab system was decommissioned in May' })
  @IsString()
  @Length(1, OVERRIDE_REASON_MAX)
  @Matches(/\S/, { message: 'reason must say why' })
  reason!: string;
}
