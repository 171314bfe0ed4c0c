import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EVIDENCE_LANGUAGES, type EvidenceLanguage } from './evidence-report-labels.js';

export class EvidencePackQueryDto {
  @ApiPropertyOptional({
    enum: EVIDENCE_LANGUAGES,
    description: "The PDF report's language; left out: the request's Accept-Language, else English",
  })
  @IsOptional()
  @IsIn(EVIDENCE_LANGUAGES, { message: `language must be one of ${EVIDENCE_LANGUAGES.join(', ')}` })
  language?: EvidenceLanguage;
}

export class EvidenceKeyDto {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({ description: 'The public key, SubjectPublicKeyInfo in PEM' }) publicKey!: string;
  @ApiProperty({
    description:
      "SHA-256 (hex) of the public key's SubjectPublicKeyInfo DER: what `certdesk evidence verify --fingerprint` takes",
    example: '3f1c…',
  })
  fingerprint!: string;
  @ApiProperty({
    enum: ['configured', 'generated'],
    description: 'configured: EVIDENCE_SIGNING_KEY; generated: made for this installation on its first start',
  })
  source!: 'configured' | 'generated';
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt!: string | null;
}
