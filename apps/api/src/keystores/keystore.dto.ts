import { ApiProperty } from '@nestjs/swagger';
import { KeystoreLocationDto } from '../certificates/certificate.dto.js';

const ENTRY_ROLES = ['authentication', 'etk', 'ca', 'other'] as const;

export class KeystoreEntryDto {
  @ApiProperty({ type: String, nullable: true }) alias!: string | null;
  @ApiProperty({
    enum: ENTRY_ROLES,
    description:
      'authentication: the eHealth key and certificate; etk: an ETK decryption key; ca: a CA certificate',
  })
  role!: string;
  @ApiProperty() hasPrivateKey!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "SHA-256 of the entry's certificate; null for a key waiting for its certificate (request not completed)",
  })
  certificateFingerprint!: string | null;
}

/** A keystore with what it holds (never key material, never its password). */
export class KeystoreDetailDto extends KeystoreLocationDto {
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['legacy', 'modern', 'mixed', 'none'],
    description: 'legacy: 3DES/RC2 (the Java eHealth tools); modern: AES/PBKDF2; null when not known',
  })
  encryption!: string | null;
  @ApiProperty({ type: [KeystoreEntryDto] }) entries!: KeystoreEntryDto[];
}

export { ENTRY_ROLES as KEYSTORE_ENTRY_ROLES };
