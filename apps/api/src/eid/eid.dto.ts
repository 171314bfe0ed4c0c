import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBase64,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  EID_AUTHENTICATION_TOKEN_FORMAT,
  EID_DIGEST_SIGNATURE_FORMAT,
  type DigestAlgorithm,
  type DigestSignatureAlgorithm,
  type EidAuthenticationAlgorithm,
  type EidAuthenticationTokenDto,
  type EidDigestSignatureDto,
} from '@certdesk/contracts';

// Certificates are a few kilobytes; the bound only stops absurd bodies early.
const MAX_CERTIFICATE_BASE64 = 16_384;
const MAX_SIGNATURE_BASE64 = 2_048;

export class EidChallengeDto {
  @ApiProperty({
    description:
      'The nonce to have signed by the card-bridge (`POST /v1/authenticate`), then posted back as is: base64 of 256 ' +
      'random bits, its expiry and the HMAC of this installation over both. Works once.',
  })
  nonce!: string;
  @ApiProperty({ format: 'date-time', description: 'Five minutes after it was issued' }) expiresAt!: string;
}

/** The card-bridge's `authenticate` answer, passed on as is (libs/contracts EidAuthenticationTokenDto). */
export class EidAuthenticationTokenBodyDto implements EidAuthenticationTokenDto {
  @ApiProperty({ enum: [EID_AUTHENTICATION_TOKEN_FORMAT] })
  @IsIn([EID_AUTHENTICATION_TOKEN_FORMAT])
  format!: typeof EID_AUTHENTICATION_TOKEN_FORMAT;
  @ApiProperty({ description: 'The Authentication certificate, DER, base64' })
  @IsBase64()
  @MaxLength(MAX_CERTIFICATE_BASE64)
  unverifiedCertificate!: string;
  @ApiProperty({ enum: ['RS256', 'ES256', 'ES384'] })
  @IsIn(['RS256', 'ES256', 'ES384'])
  algorithm!: EidAuthenticationAlgorithm;
  @ApiProperty({ description: 'base64; raw r||s for ES*' })
  @IsBase64()
  @MaxLength(MAX_SIGNATURE_BASE64)
  signature!: string;
  @ApiProperty() @IsString() @MaxLength(200) appVersion!: string;
}

export class EidLoginDto {
  @ApiProperty({ description: 'The nonce of a challenge from POST /api/v1/auth/eid/challenge' })
  @IsString()
  @Length(40, 200)
  nonce!: string;
  @ApiProperty({ type: EidAuthenticationTokenBodyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => EidAuthenticationTokenBodyDto)
  token!: EidAuthenticationTokenBodyDto;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Which log-in to open, when this card opens several (409 ACCOUNT_CHOICE_REQUIRED)',
  })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

/** The card-bridge's `sign` answer, passed on as is (libs/contracts EidDigestSignatureDto). */
export class EidDigestSignatureBodyDto implements EidDigestSignatureDto {
  @ApiProperty({ enum: [EID_DIGEST_SIGNATURE_FORMAT] })
  @IsIn([EID_DIGEST_SIGNATURE_FORMAT])
  format!: typeof EID_DIGEST_SIGNATURE_FORMAT;
  @ApiProperty({ description: 'The eID Signature certificate, DER, base64' })
  @IsBase64()
  @MaxLength(MAX_CERTIFICATE_BASE64)
  certificate!: string;
  @ApiProperty({ enum: ['SHA-256', 'SHA-384'] })
  @IsIn(['SHA-256', 'SHA-384'])
  digestAlgorithm!: DigestAlgorithm;
  @ApiProperty({ description: 'The digest that was signed, base64' })
  @IsBase64()
  @MaxLength(200)
  digest!: string;
  @ApiProperty({ enum: ['RSASSA-PKCS1-v1_5', 'ECDSA'] })
  @IsIn(['RSASSA-PKCS1-v1_5', 'ECDSA'])
  signatureAlgorithm!: DigestSignatureAlgorithm;
  @ApiProperty({ description: 'base64; raw r||s for ECDSA' })
  @IsBase64()
  @MaxLength(MAX_SIGNATURE_BASE64)
  signature!: string;
}
