import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class OpenOidcSessionDto {
  @ApiProperty({
    description:
      "The ticket the callback put in the log-in page's fragment (`#sso=...`): single use, 5 minutes",
  })
  @IsString()
  @Length(1, 200)
  ticket!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Which log-in to open, when the sign-in opens several (409 ACCOUNT_CHOICE_REQUIRED)',
  })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class SingleSignOnMethodDto {
  @ApiProperty({ description: "The provider's name, for the log-in page's button (OIDC_NAME)" })
  name!: string;
  @ApiProperty({ example: '/api/v1/auth/oidc/start', description: 'Where the button sends the browser' })
  startUrl!: string;
}

export class AuthMethodsDto {
  @ApiProperty({ description: 'E-mail and password log-in is on (PASSWORD_LOGIN)' }) password!: boolean;
  @ApiProperty({
    type: SingleSignOnMethodDto,
    nullable: true,
    description: 'Single sign-on; null: not configured',
  })
  sso!: SingleSignOnMethodDto | null;
  @ApiProperty({ description: 'Belgian eID log-in is on (EID_TRUST_ANCHORS)' }) eid!: boolean;
}
