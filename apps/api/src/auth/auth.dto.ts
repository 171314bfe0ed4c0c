import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@certdesk.example' }) @IsEmail() email!: string;
  @ApiProperty({ format: 'password' }) @IsString() @Length(1, 1024) password!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Which log-in to open, when this address and password open several (409 ACCOUNT_CHOICE_REQUIRED)',
  })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class LoginResponseDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class CreatePersonalTokenDto {
  @ApiProperty({ example: 'nightly export' }) @IsString() @Length(1, 100) name!: string;
  @ApiPropertyOptional({
    description: 'Days until it expires; none: until revoked',
    minimum: 1,
    maximum: 3650,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class PersonalTokenCreatedDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Shown once; only its HMAC is kept' }) token!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
}

export class PersonalTokenDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The client's address at its last use" })
  lastUsedFrom!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The User-Agent at its last use' })
  userAgent!: string | null;
}

export class OrganisationAccessDto {
  @ApiProperty() organisationId!: string;
  @ApiProperty({ type: [String], example: ['org-admin'] }) roles!: string[];
  @ApiProperty({ type: [String], description: 'What these roles allow here', example: ['certificate.read'] })
  permissions!: string[];
}

export class MeDto {
  @ApiProperty() userId!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() centralAdmin!: boolean;
  @ApiProperty({ type: [OrganisationAccessDto] }) organisations!: OrganisationAccessDto[];
}
