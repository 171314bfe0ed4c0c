import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { ETK_KEYSTORE_MATCHES } from '@certdesk/domain';
import { queryBoolean } from '../common/query-boolean.js';

export class EtkCertificateDto {
  @ApiProperty({ description: 'Lower-case hex, no colons' }) serialNumber!: string;
  @ApiProperty({ description: 'Lower-case hex, no colons' }) sha256Fingerprint!: string;
  @ApiProperty({ format: 'date-time' }) notAfter!: string;
}

/** An ETK the eHealth ETK directory publishes (or published) for one of the organisation's identifiers. */
export class EtkPublicationDto {
  @ApiProperty({ example: 'CBE' }) identifierType!: string;
  @ApiProperty({ example: '0820563481', description: 'Zero-padded, as the depot is asked' })
  identifierValue!: string;
  @ApiProperty({ type: String, nullable: true, example: 'MYCARENET' }) applicationId!: string | null;
  @ApiProperty({ enum: ['production', 'acceptance'] }) environment!: string;
  @ApiProperty({
    type: EtkCertificateDto,
    description: "The ETK's content; its key sits in the keystore under its serial number in decimal",
  })
  encryptionCertificate!: EtkCertificateDto;
  @ApiProperty({ type: EtkCertificateDto, description: "The holder's authentication certificate" })
  authenticationCertificate!: EtkCertificateDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The inventory's certificate with that authentication certificate",
  })
  certificateId!: string | null;
  @ApiProperty({
    enum: ETK_KEYSTORE_MATCHES,
    description:
      'matches: a known keystore of the certificate holds the published ETK’s key (alias = the encryption ' +
      'certificate’s serial in decimal, same certificate); mismatch: the known keystore holds another ETK key or none; ' +
      'unknown: no keystore of the certificate is known',
  })
  keystoreMatch!: string;
  @ApiProperty({ format: 'date-time', description: 'The first discovery that found it' })
  firstSeenAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The last discovery that found it' }) lastSeenAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a discovery no longer found it; null while it is published',
  })
  withdrawnAt!: string | null;
}

export class EtkDiscoveryFailureDto {
  @ApiProperty({ enum: ['DEPOT_UNREACHABLE', 'DEPOT_ERROR', 'DEPOT_DISABLED', 'RATE_LIMIT_UNAVAILABLE'] })
  code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** How the organisation's discoveries went. */
export class EtkDiscoveryStateDto {
  @ApiProperty({ format: 'date-time' }) lastAttemptAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSuccessAt!: string | null;
  @ApiProperty({ enum: ['manual', 'schedule'] }) lastTrigger!: string;
  @ApiProperty({
    type: EtkDiscoveryFailureDto,
    nullable: true,
    description: 'The last failure, until a discovery succeeds again',
  })
  failure!: EtkDiscoveryFailureDto | null;
  @ApiProperty({ description: 'Failures in a row since the last success' }) consecutiveFailures!: number;
}

export class EtkDirectoryDto {
  @ApiProperty({ description: 'false with ETK_DEPOT=off: the directory is never asked' })
  depotEnabled!: boolean;
  @ApiProperty({ type: EtkDiscoveryStateDto, nullable: true, description: 'Null before the first discovery' })
  discovery!: EtkDiscoveryStateDto | null;
  @ApiProperty({ type: [EtkPublicationDto] }) etks!: EtkPublicationDto[];
}

export class EtkDiscoverySkipDto {
  @ApiProperty() identifierType!: string;
  @ApiProperty() identifierValue!: string;
  @ApiProperty({ type: String, nullable: true }) environment!: string | null;
  @ApiProperty() reason!: string;
}

export class EtkDiscoverySummaryDto {
  @ApiProperty({ description: 'GetEtk lookups the depot answered' }) lookups!: number;
  @ApiProperty({ description: 'ETKs it publishes for the organisation' }) published!: number;
  @ApiProperty({ type: [String], description: 'Certificates that entered the inventory (source etk-depot)' })
  addedCertificateIds!: string[];
  @ApiProperty({ type: [String], description: 'Renewal cases whose phase 3 the directory showed done' })
  activatedRenewalCaseIds!: string[];
  @ApiProperty({ type: [EtkDiscoverySkipDto] }) skipped!: EtkDiscoverySkipDto[];
}

export class EtkDiscoveryResultDto extends EtkDirectoryDto {
  @ApiProperty({ type: EtkDiscoverySummaryDto }) summary!: EtkDiscoverySummaryDto;
}

export class ListEtksQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this certificate's ETKs" })
  @IsOptional()
  @IsUUID()
  certificateId?: string;

  @ApiPropertyOptional({ description: 'Also the ETKs no longer published (default false)' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeWithdrawn?: boolean;
}
