import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { queryBoolean } from '../../common/query-boolean.js';

/** The text fields of the multipart import request (the files come as `files`). */
export class ImportCertificatesBodyDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organisationId!: string;
  @ApiPropertyOptional({
    format: 'password',
    description:
      'The keystore password: used in memory for this request only, never stored, logged or echoed',
  })
  @IsOptional()
  @IsString()
  @Length(0, 1024)
  password?: string;
  @ApiPropertyOptional({
    default: false,
    description:
      "Import certificates whose identifier is not the organisation's, and non-eHealth certificates",
  })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  force?: boolean;
  @ApiPropertyOptional({ description: 'The PC the keystore lives on' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  host?: string;
  @ApiPropertyOptional({ description: 'Its folder (or full path) on that PC' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  path?: string;
}

export const IMPORT_FILE_OUTCOMES = ['imported', 'already-there', 'skipped', 'refused'] as const;
export type ImportFileOutcome = (typeof IMPORT_FILE_OUTCOMES)[number];
export const IMPORT_CERTIFICATE_OUTCOMES = ['imported', 'already-there', 'skipped'] as const;
export type ImportCertificateOutcome = (typeof IMPORT_CERTIFICATE_OUTCOMES)[number];
export const IMPORT_REFUSAL_CODES = [
  'WRONG_PASSWORD',
  'PASSWORD_REQUIRED',
  'UNREADABLE',
  'UNSUPPORTED_FORMAT',
  'IDENTIFIER_MISMATCH',
  'NOT_EHEALTH_CERTIFICATE',
] as const;
export type ImportRefusalCode = (typeof IMPORT_REFUSAL_CODES)[number];
export const IMPORT_SKIP_REASONS = ['CA_CERTIFICATE', 'ETK_CERTIFICATE', 'NO_CERTIFICATE'] as const;

export class ImportedCertificateDto {
  @ApiProperty({ enum: IMPORT_CERTIFICATE_OUTCOMES }) outcome!: ImportCertificateOutcome;
  @ApiProperty({ type: String, nullable: true, description: 'The inventory item (null when skipped)' })
  certificateId!: string | null;
  @ApiProperty() sha256Fingerprint!: string;
  @ApiProperty({ description: 'RFC 4514' }) subject!: string;
  @ApiProperty({ format: 'date-time' }) notAfter!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: IMPORT_SKIP_REASONS,
    description: 'Why it was skipped: CA and ETK certificates are not inventory items',
  })
  skipReason!: string | null;
  @ApiProperty({
    type: [String],
    enum: ['IDENTIFIER_MISMATCH', 'NOT_EHEALTH_CERTIFICATE'],
    description: 'The refusals `force` overrode for it',
  })
  forced!: string[];
  @ApiProperty({
    type: [String],
    description: 'Active certificates with the same identifier and application ID that this one renews',
  })
  supersedes!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A later certificate already in the inventory renews this one',
  })
  supersededById!: string | null;
}

/** Whom a file refused IDENTIFIER_MISMATCH names, beside the organisation's identifiers: to ask "import anyway?". */
export class IdentifierMismatchDto {
  @ApiProperty({
    example: 'CBE=0566988259',
    description: "The certificate's identifier, `TYPE=value` (an SSIN masked)",
  })
  certificateIdentifier!: string;
  @ApiProperty({ type: String, nullable: true, example: 'VITALINKGATEWAY' }) applicationId!: string | null;
  @ApiProperty({
    type: [String],
    example: ['CBE=0809394427', 'NIHII-AMBU_SERVICE=79609977'],
    description: "The organisation's identifiers, `TYPE=value`",
  })
  organisationIdentifiers!: string[];
}

export class ImportFileResultDto {
  @ApiProperty({ description: 'The file, or `archive.zip/entry` for a file in a zip' }) name!: string;
  @ApiProperty({
    enum: IMPORT_FILE_OUTCOMES,
    description:
      'imported: at least one certificate is new; already-there: nothing new; skipped: nothing to import ' +
      '(CA or ETK certificates only, or a keystore waiting for its certificate); refused: nothing written, see code',
  })
  outcome!: ImportFileOutcome;
  @ApiProperty({ type: String, nullable: true, enum: IMPORT_REFUSAL_CODES }) code!: string | null;
  @ApiProperty({ type: String, nullable: true }) message!: string | null;
  @ApiProperty({
    type: IdentifierMismatchDto,
    nullable: true,
    description: 'With IDENTIFIER_MISMATCH: whom the certificate names, and whom the organisation is',
  })
  details!: IdentifierMismatchDto | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The keystore recorded for this file (also when its certificates were already there: where it lives, its ' +
      'encryption and entries are recorded, and it becomes their keystore)',
  })
  keystoreId!: string | null;
  @ApiProperty({ type: [ImportedCertificateDto] }) certificates!: ImportedCertificateDto[];
}

export class ImportSummaryDto {
  @ApiProperty({ description: 'Files' }) imported!: number;
  @ApiProperty() alreadyThere!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty() refused!: number;
}

export class ImportResultDto {
  @ApiProperty({ type: [ImportFileResultDto] }) files!: ImportFileResultDto[];
  @ApiProperty({ type: ImportSummaryDto }) summary!: ImportSummaryDto;
}
