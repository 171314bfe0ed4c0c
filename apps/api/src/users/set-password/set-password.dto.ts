import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { LOGIN_PASSWORD_MAX_LENGTH, LOGIN_PASSWORD_MIN_LENGTH } from '../users.dto.js';

export class SetPasswordLinkTokenDto {
  @ApiProperty({ description: 'The token after `#token=` in the mailed link' })
  @IsString()
  @Length(1, 200)
  token!: string;
}

export class SetPasswordDto extends SetPasswordLinkTokenDto {
  @ApiProperty({
    format: 'password',
    minLength: LOGIN_PASSWORD_MIN_LENGTH,
    maxLength: LOGIN_PASSWORD_MAX_LENGTH,
  })
  @IsString()
  @Length(LOGIN_PASSWORD_MIN_LENGTH, LOGIN_PASSWORD_MAX_LENGTH)
  password!: string;
}

export class SetPasswordLinkDto {
  @ApiProperty({ description: 'The log-in the link sets the password of' }) email!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class SetPasswordLinkSentDto {
  @ApiProperty({ description: 'Where the link is mailed: the log-in’s address' }) email!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
