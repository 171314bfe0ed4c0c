import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import {
  HANDOVER_OUTGOING_SIGNER_ROLES,
  HANDOVER_SIGNATURE_ROLES,
  HANDOVER_STATES,
  type HandoverState,
} from '@certdesk/persistence';
import { NewestFirstPageQueryDto } from '../common/newest-first-page.js';

const MAX_CERTIFICATES = 1_000;

/** The handovers, most recently opened first; with `limit`, a page of them. */
export class ListHandoversQueryDto extends NewestFirstPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ enum: HANDOVER_STATES }) @IsOptional() @IsIn(HANDOVER_STATES) state?: HandoverState;
}

export class OpenHandoverDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organisationId!: string;
  @ApiProperty({
    format: 'uuid',
    description: 'The outgoing certificate manager (a person of the organisation)',
  })
  @IsUUID()
  fromPersonId!: string;
  @ApiProperty({
    format: 'uuid',
    description:
      'The incoming certificate manager: a person of the organisation who still works there, with an SSIN',
  })
  @IsUUID()
  toPersonId!: string;
  @ApiProperty({ example: 'Marie leaves the service on 31 December' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
  @ApiPropertyOptional({
    type: [String],
    description: "Some of the outgoing manager's active certificates; all of them when absent",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CERTIFICATES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  certificateIds?: string[];
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "When the outgoing manager cannot sign (has left, lost the card): the organisation's access manager who signs instead",
  })
  @IsOptional()
  @IsUUID()
  accessManagerId?: string;
  @ApiPropertyOptional({
    type: [String],
    description:
      'Certificates of the handover whose keystore or password the incoming manager cannot obtain: on completion each is ' +
      'flagged "revoke and request again" and a new request replacing it is opened',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CERTIFICATES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  unobtainableCertificateIds?: string[];
}

export class CancelHandoverDto {
  @ApiProperty() @IsString() @Length(1, 2000) reason!: string;
}

export class HandoverPersonDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class HandoverSignerDto {
  @ApiProperty({ enum: HANDOVER_SIGNATURE_ROLES }) role!: string;
  @ApiProperty({
    enum: [...HANDOVER_OUTGOING_SIGNER_ROLES, 'incoming-manager'],
    description: 'In what capacity',
  })
  signsAs!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() name!: string;
}

export class HandoverSignatureDto {
  @ApiProperty({ enum: HANDOVER_SIGNATURE_ROLES }) role!: string;
  @ApiProperty() signerPersonId!: string;
  @ApiProperty() signerName!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ enum: ['SHA-256', 'SHA-384'] }) digestAlgorithm!: string;
  @ApiProperty({ enum: ['RSASSA-PKCS1-v1_5', 'ECDSA'] }) signatureAlgorithm!: string;
  @ApiProperty({ description: 'base64 (raw r||s for ECDSA)' }) signature!: string;
  @ApiProperty({ description: "The signer's eID Signature certificate, DER, base64" }) certificate!: string;
  @ApiProperty({ description: 'Lower-case hex' }) certificateSha256!: string;
}

export class HandoverDocumentDto {
  @ApiProperty({ example: 'certdesk-handover:1' }) format!: string;
  @ApiProperty({ description: 'The canonical JSON (RFC 8785): exactly what the digests are of' })
  json!: string;
  @ApiProperty({ description: 'The same facts, readable' }) text!: string;
  @ApiProperty({ description: 'SHA-256 of the JSON (UTF-8), base64: what an RSA card signs' })
  sha256!: string;
  @ApiProperty({ description: 'SHA-384 of the JSON (UTF-8), base64: what a P-384 card signs' })
  sha384!: string;
}

export class HandoverCertificateRefDto {
  @ApiProperty() certificateId!: string;
  @ApiProperty() revokeAndRequestAgain!: boolean;
}

export class HandoverDto {
  @ApiProperty() id!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({
    description: "The organisation's name today, as a list shows it (the document keeps the one signed)",
  })
  organisationName!: string;
  @ApiProperty({ enum: HANDOVER_STATES }) state!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: HandoverPersonDto }) outgoingManager!: HandoverPersonDto;
  @ApiProperty({ type: HandoverPersonDto }) incomingManager!: HandoverPersonDto;
  @ApiProperty({
    type: HandoverSignerDto,
    description: 'The outgoing manager, or the access manager signing instead',
  })
  outgoingSigner!: HandoverSignerDto;
  @ApiProperty({ type: [HandoverCertificateRefDto] }) certificates!: HandoverCertificateRefDto[];
  @ApiProperty({ type: HandoverDocumentDto }) document!: HandoverDocumentDto;
  @ApiProperty({ type: [HandoverSignatureDto], description: 'The verified signatures, outgoing first' })
  signatures!: HandoverSignatureDto[];
  @ApiProperty({
    type: [HandoverSignerDto],
    description: 'Who still has to sign, in order (empty once completed or cancelled)',
  })
  awaitingSignatureFrom!: HandoverSignerDto[];
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, nullable: true }) openedByUserId!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Signatures are accepted until then' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
}
