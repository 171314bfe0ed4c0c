import { ApiProperty } from '@nestjs/swagger';
import { CERTIFICATE_SOURCES, CERTIFICATE_STATUSES } from '@certdesk/domain';
import { CERTIFICATE_STATES } from '@certdesk/persistence';
import { MuteDto } from '../mutes/mutes.dto.js';

export class EhealthDto {
  @ApiProperty({ example: 'NIHII-AMBU_SERVICE' }) identifierType!: string;
  @ApiProperty({ example: '79609977' }) identifierValue!: string;
  @ApiProperty({ type: String, nullable: true, example: 'VITALINKGATEWAY' }) applicationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) holderName!: string | null;
  @ApiProperty({ enum: ['production', 'acceptance', 'unknown'] }) environment!: string;
  @ApiProperty() knownType!: boolean;
  @ApiProperty({ type: Boolean, nullable: true }) checkDigitsValid!: boolean | null;
}

export class PersonRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Whether the person still works for the organisation' }) employed!: boolean;
}

export class KeystoreLocationDto {
  @ApiProperty() id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The PC it lives on' }) host!: string | null;
  @ApiProperty({ type: String, nullable: true }) path!: string | null;
}

export class RenewalSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'phase1-sent' }) state!: string;
  @ApiProperty({ description: '1, 2, 3 (phases), 4 (deployments updated)' }) phase!: number;
  @ApiProperty({ format: 'date-time' }) stateChangedAt!: string;
}

/**
 * A certificate as every api answer shows it: the same field names and meanings as `certdesk inspect --json`
 * (libs/domain CertificateDescription), plus what Certdesk knows about it.
 */
export class CertificateDto {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ description: "The organisation's name, as a list shows it" }) organisationName!: string;
  @ApiProperty({ description: 'RFC 4514' }) subject!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty({ description: 'Lower-case hex, no colons' }) serialNumber!: string;
  @ApiProperty({ description: 'Lower-case hex, no colons' }) sha256Fingerprint!: string;
  @ApiProperty({ format: 'date-time' }) notBefore!: string;
  @ApiProperty({ format: 'date-time' }) notAfter!: string;
  @ApiProperty({ example: 'RSA-2048' }) keyAlgorithm!: string;
  @ApiProperty({ description: 'A keystore Certdesk knows of holds its private key' }) hasPrivateKey!: boolean;
  @ApiProperty({ type: String, nullable: true }) alias!: string | null;
  @ApiProperty({
    enum: CERTIFICATE_STATUSES,
    description: 'From notBefore/notAfter, at the time of the answer',
  })
  status!: string;
  @ApiProperty({ description: 'Europe/Brussels calendar days to the expiry day; negative once expired' })
  daysLeft!: number;
  @ApiProperty({ type: EhealthDto, nullable: true }) ehealth!: EhealthDto | null;

  @ApiProperty({ enum: CERTIFICATE_STATES, description: 'active, superseded by its renewal, or revoked' })
  state!: string;
  @ApiProperty({ type: String, nullable: true }) supersededById!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) revocationReason!: string | null;
  @ApiProperty({ description: 'A handover found its keystore or password unobtainable' })
  revokeAndRequestAgain!: boolean;
  @ApiProperty({ type: PersonRefDto, nullable: true }) manager!: PersonRefDto | null;
  @ApiProperty({
    type: PersonRefDto,
    nullable: true,
    description: 'Who knows the keystore password (never the password)',
  })
  passwordCustodian!: PersonRefDto | null;
  @ApiProperty({ type: KeystoreLocationDto, nullable: true }) keystore!: KeystoreLocationDto | null;
  @ApiProperty({ type: [String], example: ['Timestamping', 'ConsultRN'] }) usages!: string[];
  @ApiProperty({
    type: [String],
    example: ['MyCareNet', 'site Namur'],
    description: "The organisation's labels on it, in alphabetical order (case-insensitive)",
  })
  labels!: string[];
  @ApiProperty({
    type: MuteDto,
    nullable: true,
    description:
      'Its reminders muted with a reason, while the mute is in force (never hides it; at 7 days or fewer the digest still lists it)',
  })
  mute!: MuteDto | null;
  @ApiProperty() notes!: string;
  @ApiProperty({ type: RenewalSummaryDto, nullable: true, description: 'The open renewal, if any' })
  renewal!: RenewalSummaryDto | null;
  @ApiProperty({
    description:
      'After a renewal: the systems still using this (old) certificate, i.e. deployments that have neither confirmed ' +
      'the new keystore nor been overridden (GET .../cut-over lists them); 0 when none',
  })
  stillInUseBy!: number;
  @ApiProperty({
    enum: CERTIFICATE_SOURCES,
    description:
      'Where it came from: import (a file uploaded), etk-depot (found in the eHealth ETK directory), card-bridge',
  })
  source!: string;
  @ApiProperty({ format: 'date-time' }) importedAt!: string;
}
