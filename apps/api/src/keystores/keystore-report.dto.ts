import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import type { KeystoreEntryDto as KeystoreEntryContract, KeystoreReportDto } from '@certdesk/contracts';
import { CERTIFICATE_STATUSES, type CertificateDescription, type EhealthDescription } from '@certdesk/domain';
import { KEYSTORE_ENTRY_ROLES } from './keystore.dto.js';

const FINGERPRINT = /^[0-9a-f]{64}$/;
const ENVIRONMENTS = ['production', 'acceptance', 'unknown'] as const;
const MAX_ITEMS = 200;

class ReportedEhealthDto implements EhealthDescription {
  @ApiProperty() @IsString() @Length(1, 64) identifierType!: string;
  @ApiProperty() @IsString() @Length(1, 64) identifierValue!: string;
  @ApiProperty({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  applicationId!: string | null;
  @ApiProperty({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  holderName!: string | null;
  @ApiProperty({ enum: ENVIRONMENTS }) @IsIn(ENVIRONMENTS) environment!: EhealthDescription['environment'];
  @ApiProperty() @IsBoolean() knownType!: boolean;
  @ApiProperty({ type: Boolean, nullable: true }) @IsOptional() @IsBoolean() checkDigitsValid!:
    boolean | null;
}

/** A certificate of the keystore as `certdesk inspect --json` describes it (libs/domain CertificateDescription). */
class ReportedCertificateDto implements CertificateDescription {
  @ApiProperty() @IsString() @Length(1, 4000) subject!: string;
  @ApiProperty() @IsString() @Length(1, 4000) issuer!: string;
  @ApiProperty() @IsString() @Matches(/^-?[0-9a-f]{1,128}$/) serialNumber!: string;
  @ApiProperty() @IsString() @Matches(FINGERPRINT) sha256Fingerprint!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() notBefore!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601() notAfter!: string;
  @ApiProperty() @IsString() @Length(1, 100) keyAlgorithm!: string;
  @ApiProperty() @IsBoolean() hasPrivateKey!: boolean;
  @ApiProperty({ type: String, nullable: true }) @IsOptional() @IsString() @Length(0, 500) alias!:
    string | null;
  @ApiProperty({ enum: CERTIFICATE_STATUSES })
  @IsIn(CERTIFICATE_STATUSES)
  status!: CertificateDescription['status'];
  @ApiProperty() @IsInt() daysLeft!: number;
  @ApiProperty({ type: ReportedEhealthDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReportedEhealthDto)
  ehealth!: ReportedEhealthDto | null;
}

class ReportedKeystoreEntryDto implements KeystoreEntryContract {
  @ApiProperty({ type: String, nullable: true }) @IsOptional() @IsString() @Length(0, 500) alias!:
    string | null;
  @ApiProperty({ enum: KEYSTORE_ENTRY_ROLES })
  @IsIn(KEYSTORE_ENTRY_ROLES)
  role!: KeystoreEntryContract['role'];
  @ApiProperty() @IsBoolean() hasPrivateKey!: boolean;
  @ApiProperty({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Matches(FINGERPRINT)
  certificateFingerprint!: string | null;
}

/**
 * What the card-bridge reports about a keystore it inspected on a manager's PC (libs/contracts KeystoreReportDto),
 * checked field by field. Nothing secret is in it: no password, no key.
 */
export class KeystoreReportBodyDto implements KeystoreReportDto {
  @ApiProperty({ format: 'date-time' }) @IsISO8601() reportedAt!: string;
  @ApiProperty({ example: 'PC-ACCUEIL-01' }) @IsString() @Length(1, 255) hostName!: string;
  @ApiProperty({ description: 'Absolute path of the keystore on that host' })
  @IsString()
  @Length(1, 4096)
  path!: string;
  @ApiProperty({ example: 'NIHII-AMBU_SERVICE=79609977 20190507-144322.p12' })
  @IsString()
  @Length(1, 255)
  @Matches(/^[^/\\]+$/, { message: 'fileName is a file name, without folders' })
  fileName!: string;
  @ApiProperty({ type: String, nullable: true }) @IsOptional() @IsString() @Length(1, 64) identifierType!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) @IsOptional() @IsString() @Length(1, 64) identifierValue!:
    string | null;
  @ApiProperty({ type: String, nullable: true }) @IsOptional() @IsString() @Length(1, 64) applicationId!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'From the file name, local time of the PC' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  createdAt!: string | null;
  @ApiProperty({ type: [ReportedCertificateDto] })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => ReportedCertificateDto)
  certificates!: ReportedCertificateDto[];
  @ApiProperty({ type: [ReportedKeystoreEntryDto] })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => ReportedKeystoreEntryDto)
  entries!: ReportedKeystoreEntryDto[];
  @ApiProperty() @IsBoolean() authenticationEntryPresent!: boolean;
  @ApiProperty() @IsBoolean() requestCompleted!: boolean;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  etkKeys!: string[];
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @IsString({ each: true })
  pendingKeys!: string[];
}

export class LinkedCertificateDto {
  @ApiProperty() sha256Fingerprint!: string;
  @ApiProperty() certificateId!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty() keystoreId!: string;
}

export class KeystoreReportResultDto {
  @ApiProperty({
    type: [LinkedCertificateDto],
    description: 'Certificates of the inventory now linked to this keystore',
  })
  linked!: LinkedCertificateDto[];
  @ApiProperty({
    type: [String],
    description:
      'Fingerprints in the report that are in the inventory but in organisations you may only read',
  })
  readOnly!: string[];
  @ApiProperty({
    type: [String],
    description:
      'Fingerprints Certdesk does not know (or that you cannot see); CA and ETK certificates are not listed',
  })
  unknown!: string[];
}
