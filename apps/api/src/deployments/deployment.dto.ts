import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length } from 'class-validator';
import type { DeploymentEntity } from '@certdesk/persistence';

export class CreateDeploymentDto {
  @ApiProperty({
    example: 'CareConnect Ambulance',
    description: 'The software or system using the certificate',
  })
  @IsString()
  @Length(1, 200)
  software!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'Acme Health Software',
    description: 'The integrator (software vendor)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  integrator?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'support@acme-health.be',
    description: 'Whom to tell when it is renewed',
  })
  @IsOptional()
  @IsEmail()
  contactEmail?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 4000) notes?: string;
}

/** Only the fields sent change; null clears integrator and contactEmail. */
export class UpdateDeploymentDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) software?: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  integrator?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsEmail() contactEmail?:
    string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 4000) notes?: string;
}

export class DeploymentDto {
  @ApiProperty() id!: string;
  @ApiProperty() certificateId!: string;
  @ApiProperty() software!: string;
  @ApiProperty({ type: String, nullable: true }) integrator!: string | null;
  @ApiProperty({ type: String, nullable: true }) contactEmail!: string | null;
  @ApiProperty() notes!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export function toDeploymentDto(row: DeploymentEntity): DeploymentDto {
  return {
    id: row.id,
    certificateId: row.certificateId,
    software: row.software,
    integrator: row.integrator,
    contactEmail: row.contactEmail,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit trail records about a deployment (the same fields, without timestamps). */
export function auditedDeployment(row: DeploymentEntity): Record<string, unknown> {
  return {
    id: row.id,
    software: row.software,
    integrator: row.integrator,
    contactEmail: row.contactEmail,
    notes: row.notes,
  };
}
