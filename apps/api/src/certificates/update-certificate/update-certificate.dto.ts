import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CERTIFICATE_USAGES, type CertificateUsage } from '@certdesk/domain';

export class KeystoreLocationInputDto {
  @ApiProperty({ example: 'NIHII-AMBU_SERVICE=79609977 20190507-144322.p12' })
  @IsString()
  @Length(1, 255)
  @Matches(/^[^/\\]+$/, { message: 'fileName is a file name, without folders' })
  fileName!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'PC-ACCUEIL-01',
    description: 'The PC it lives on',
  })
  @IsOptional()
  @IsString()
  @Length(0, 255)
  host?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'C:\\Users\\marie\\ehealth\\keystore' })
  @IsOptional()
  @IsString()
  @Length(0, 4096)
  path?: string | null;
}

/** Only the fields sent change. The manager changes through the reassignment command, not here. */
export class UpdateCertificateDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The person who knows the keystore password (never the password); null: nobody known',
  })
  @IsOptional()
  @IsUUID()
  passwordCustodianId?: string | null;
  @ApiPropertyOptional({
    type: KeystoreLocationInputDto,
    nullable: true,
    description: 'Where the keystore lives; null: not known',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => KeystoreLocationInputDto)
  keystore?: KeystoreLocationInputDto | null;
  @ApiPropertyOptional({ enum: CERTIFICATE_USAGES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CERTIFICATE_USAGES, { each: true })
  usages?: CertificateUsage[];
  @ApiPropertyOptional({ maxLength: 10_000 }) @IsOptional() @IsString() @Length(0, 10_000) notes?: string;
}
