import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import {
  CERTIFICATE_USAGES,
  NEW_REQUEST_STATES,
  RENEWAL_STATES,
  REVOCATION_REASONS,
  type CertificateUsage,
  type RevocationReason,
} from '@certdesk/domain';
import { CertificateDto, PersonRefDto } from '../certificates/certificate.dto.js';
import { NewestFirstPageQueryDto } from '../common/newest-first-page.js';

const NOTE_MAX = 2000;

/** `open` selects every state a case can still move on from. */
export const RENEWAL_STATE_FILTERS = [...RENEWAL_STATES, 'open'] as const;
export const NEW_REQUEST_STATE_FILTERS = [...NEW_REQUEST_STATES, 'open'] as const;

/** The renewal cases, most recently changed first; with `limit`, a page of them. */
export class ListRenewalsQueryDto extends NewestFirstPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ enum: RENEWAL_STATE_FILTERS })
  @IsOptional()
  @IsIn(RENEWAL_STATE_FILTERS)
  state?: (typeof RENEWAL_STATE_FILTERS)[number];
}

/** The new requests, most recently requested first; with `limit`, a page of them. */
export class ListNewRequestsQueryDto extends NewestFirstPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ enum: NEW_REQUEST_STATE_FILTERS })
  @IsOptional()
  @IsIn(NEW_REQUEST_STATE_FILTERS)
  state?: (typeof NEW_REQUEST_STATE_FILTERS)[number];
}
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

// ---- Inputs ----------------------------------------------------------------------------------------------

export class StartRenewalDto {
  @ApiPropertyOptional({
    enum: CERTIFICATE_USAGES,
    isArray: true,
    description: "The usages ticked in phase 1; the certificate's own usages when left out",
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CERTIFICATE_USAGES, { each: true })
  usages?: CertificateUsage[];
  @ApiPropertyOptional({ maxLength: NOTE_MAX }) @IsOptional() @IsString() @Length(0, NOTE_MAX) note?: string;
}

export class LifecycleNoteDto {
  @ApiPropertyOptional({ maxLength: NOTE_MAX }) @IsOptional() @IsString() @Length(0, NOTE_MAX) note?: string;
}

export class AbandonDto {
  @ApiProperty({ maxLength: NOTE_MAX, example: 'The organisation stops using this certificate' })
  @IsString()
  @Length(1, NOTE_MAX)
  @Matches(/\S/, { message: 'reason must say why' })
  reason!: string;
}

export class RevokeCertificateDto {
  @ApiProperty({ enum: REVOCATION_REASONS }) @IsIn(REVOCATION_REASONS) reason!: RevocationReason;
  @ApiProperty({ format: 'date', example: '2025-03-14', description: 'The day it was revoked with eHealth' })
  @Matches(CALENDAR_DATE, { message: 'revokedOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  revokedOn!: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX }) @IsOptional() @IsString() @Length(0, NOTE_MAX) note?: string;
  @ApiPropertyOptional({ default: true, description: 'Open a new-request case for the replacement' })
  @IsOptional()
  @IsBoolean()
  openNewRequest?: boolean;
}

export class OpenNewRequestDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organisationId!: string;
  @ApiProperty({ example: 'NIHII-AMBU_SERVICE' }) @IsString() @Length(1, 40) identifierType!: string;
  @ApiProperty({ example: '79609977' }) @IsString() @Length(1, 40) identifierValue!: string;
  @ApiPropertyOptional({ example: 'VITALINKGATEWAY', description: '[0-9A-Z_-]{1,30}' })
  @IsOptional()
  @IsString()
  @Length(1, 30)
  applicationId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The expired or revoked certificate the request replaces (the same organisation, identifier and application ID); its page then shows the request',
  })
  @IsOptional()
  @IsUUID()
  replacesCertificateId?: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX }) @IsOptional() @IsString() @Length(0, NOTE_MAX) note?: string;
}

export class CompleteNewRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The certificate the request produced, once imported' })
  @IsOptional()
  @IsUUID()
  certificateId?: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX }) @IsOptional() @IsString() @Length(0, NOTE_MAX) note?: string;
}

export class RecordPasswordChangeDto {
  @ApiProperty({ format: 'date', example: '2025-03-14' })
  @Matches(CALENDAR_DATE, { message: 'changedOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true })
  changedOn!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The person who knows the new password (never the password itself)',
  })
  @IsOptional()
  @IsUUID()
  custodianId?: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX }) @IsOptional() @IsString() @Length(0, NOTE_MAX) note?: string;
}

export class ReassignManagerDto {
  @ApiProperty({ format: 'uuid', description: 'A person of the organisation, still employed' })
  @IsUUID()
  managerId!: string;
  @ApiPropertyOptional({ maxLength: NOTE_MAX }) @IsOptional() @IsString() @Length(0, NOTE_MAX) note?: string;
}

// ---- Answers ---------------------------------------------------------------------------------------------

/** One recorded step of a renewal or new request: who, when, and their note. Read from the audit trail. */
export class LifecycleStepDto {
  @ApiProperty({ example: 'renewal.completed' }) action!: string;
  @ApiProperty({ example: 'phase2-completed', description: 'The state the step led to' }) state!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'Jan Peeters <jan@example.be>' }) by!: string;
  @ApiProperty({ type: String, nullable: true }) byUserId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The note given (the reason, to abandon)' })
  note!: string | null;
}

export class RenewalCaseDto {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ enum: RENEWAL_STATES }) state!: string;
  @ApiProperty({ description: '1, 2, 3 (phases), 4 (deployments updated); 0 once abandoned' }) phase!: number;
  @ApiProperty({ example: 'Renewal completed', description: 'libs/domain RENEWAL_PHASES title' })
  phaseTitle!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['complete', 'activate-etk', 'update-deployments'],
    description: 'The step that comes next (libs/domain RenewalAction); null once the case is closed',
  })
  nextStep!: string | null;
  @ApiProperty() open!: boolean;
  @ApiProperty({ type: CertificateDto, description: 'The certificate being renewed' })
  certificate!: CertificateDto;
  @ApiProperty({
    type: CertificateDto,
    nullable: true,
    description: 'The renewed certificate, linked when it is imported',
  })
  renewedCertificate!: CertificateDto | null;
  @ApiProperty({ enum: CERTIFICATE_USAGES, isArray: true }) usages!: string[];
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, nullable: true }) openedById!: string | null;
  @ApiProperty({ format: 'date-time' }) stateChangedAt!: string;
  @ApiProperty({ type: String, nullable: true }) abandonReason!: string | null;
  @ApiProperty({ type: [LifecycleStepDto], description: 'Every step, oldest first' })
  steps!: LifecycleStepDto[];
}

export class NewRequestDto {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ description: "The organisation's name, as a list shows it" }) organisationName!: string;
  @ApiProperty({ example: 'NIHII-AMBU_SERVICE' }) identifierType!: string;
  @ApiProperty({ example: '79609977' }) identifierValue!: string;
  @ApiProperty({ type: String, nullable: true }) applicationId!: string | null;
  @ApiProperty({ enum: NEW_REQUEST_STATES }) state!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The expired or revoked certificate this one replaces',
  })
  replacesCertificateId!: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, nullable: true }) requestedById!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) completedCertificateId!: string | null;
  @ApiProperty() note!: string;
  @ApiProperty({ type: [LifecycleStepDto], description: 'Every step, oldest first' })
  steps!: LifecycleStepDto[];
}

export class RevocationDto {
  @ApiProperty() id!: string;
  @ApiProperty() certificateId!: string;
  @ApiProperty({ enum: REVOCATION_REASONS }) reason!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What to write as the reason in the eHealth tool',
  })
  ehealthReason!: string | null;
  @ApiProperty({ format: 'date' }) revokedOn!: string;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: String, nullable: true }) recordedById!: string | null;
  @ApiProperty({ type: CertificateDto }) certificate!: CertificateDto;
  @ApiProperty({ type: NewRequestDto, nullable: true, description: 'Opened for the replacement' })
  newRequest!: NewRequestDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'The open renewal this revocation abandoned' })
  abandonedRenewalCaseId!: string | null;
}

export class PasswordChangeDto {
  @ApiProperty() id!: string;
  @ApiProperty() certificateId!: string;
  @ApiProperty({ format: 'date' }) changedOn!: string;
  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'Who knows the new password' })
  custodian!: PersonRefDto | null;
  @ApiProperty() note!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: String, nullable: true }) recordedById!: string | null;
  @ApiProperty({ type: CertificateDto }) certificate!: CertificateDto;
}
