import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import {
  CUSTODY_FAILURES,
  CUSTODY_OUTCOMES,
  type CustodyFailure,
  type CustodyOutcome,
} from '@certdesk/domain';
import type { CustodyAttestationEntity } from '@certdesk/persistence';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A keystore holds its authentication chain and an ETK or two: far fewer certificates than this. */
export const MAX_KEYSTORE_FINGERPRINTS = 64;

/**
 * What the card-bridge reports after trying to open the keystore on the custodian's PC (libs/contracts
 * KeystoreCheckResultDto), posted unchanged by the dashboard. Public fingerprints only: nothing secret.
 */
export class RecordCustodyAttestationDto {
  @ApiProperty({ enum: CUSTODY_OUTCOMES })
  @IsIn(CUSTODY_OUTCOMES)
  outcome!: CustodyOutcome;
  @ApiProperty({
    format: 'date-time',
    description:
      'When the bridge tried to open the keystore; at most 5 minutes ahead and 24 hours behind the api',
  })
  @IsISO8601({ strict: true, strictSeparator: true })
  checkedAt!: string;
  @ApiProperty({
    type: [String],
    maxItems: MAX_KEYSTORE_FINGERPRINTS,
    example: ['3f1c…'],
    description:
      'SHA-256 (lower-case hex) of each certificate in the keystore; an "opened" check must include this certificate',
  })
  @IsArray()
  @ArrayMaxSize(MAX_KEYSTORE_FINGERPRINTS)
  @Matches(SHA256_HEX, {
    each: true,
    message: 'each fingerprint is a SHA-256 in lower-case hex (64 characters)',
  })
  keystoreCertificateFingerprints!: string[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "SHA-256 (lower-case hex) of the ETK entry's public key",
  })
  @IsOptional()
  @Matches(SHA256_HEX, { message: 'etkPublicKeyFingerprint is a SHA-256 in lower-case hex (64 characters)' })
  etkPublicKeyFingerprint?: string | null;
  @ApiPropertyOptional({
    enum: CUSTODY_FAILURES,
    description: 'Why it did not open; only with outcome "failed"',
  })
  @IsOptional()
  @IsIn(CUSTODY_FAILURES)
  failure?: CustodyFailure | null;
}

export class CustodyAttestationPersonDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class CustodyAttestationDto {
  @ApiProperty() id!: string;
  @ApiProperty() certificateId!: string;
  @ApiProperty({
    type: CustodyAttestationPersonDto,
    description: "Who checked (the signed-in user's person)",
  })
  person!: CustodyAttestationPersonDto;
  @ApiProperty({ enum: CUSTODY_OUTCOMES }) outcome!: CustodyOutcome;
  @ApiProperty({ enum: CUSTODY_FAILURES, nullable: true }) failure!: CustodyFailure | null;
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: [String] }) keystoreCertificateFingerprints!: string[];
  @ApiProperty({ type: String, nullable: true }) etkPublicKeyFingerprint!: string | null;
}

export function toCustodyAttestationDto(
  row: CustodyAttestationEntity,
  person: CustodyAttestationPersonDto,
): CustodyAttestationDto {
  return {
    id: row.id,
    certificateId: row.certificateId,
    person,
    outcome: row.outcome,
    failure: row.failure,
    checkedAt: row.checkedAt.toISOString(),
    recordedAt: row.recordedAt.toISOString(),
    keystoreCertificateFingerprints: row.keystoreCertificateFingerprints,
    etkPublicKeyFingerprint: row.etkPublicKeyFingerprint,
  };
}
