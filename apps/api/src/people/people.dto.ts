import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import { ORGANISATION_ROLES, type OrganisationRole } from '@certdesk/persistence';

export class MembershipInputDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() organisationId!: string;
  @ApiPropertyOptional({ default: true, description: 'Still works there' })
  @IsOptional()
  @IsBoolean()
  employed?: boolean;
  @ApiPropertyOptional({ enum: ORGANISATION_ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(ORGANISATION_ROLES, { each: true })
  roles?: OrganisationRole[];
}

export class CreatePersonDto {
  @ApiProperty({ example: 'Jan Peeters' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ description: 'SSIN (national register or BIS number)' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  ssin?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) phone?: string;
  @ApiProperty({ type: [MembershipInputDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MembershipInputDto)
  memberships!: MembershipInputDto[];
}

export class UpdatePersonDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 32) ssin?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) phone?: string;
  @ApiPropertyOptional({ type: [MembershipInputDto], description: 'Sets these memberships (others stay)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MembershipInputDto)
  memberships?: MembershipInputDto[];
}

export class MembershipDto {
  @ApiProperty() organisationId!: string;
  @ApiProperty() employed!: boolean;
  @ApiProperty({ enum: ORGANISATION_ROLES, isArray: true }) roles!: string[];
}

export class PersonDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Masked (850101-***-**) except to the person and central administrators',
  })
  ssin!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: [MembershipDto] }) memberships!: MembershipDto[];
  @ApiProperty({ description: 'The person logs in to Certdesk' }) hasUser!: boolean;
}
