import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CERTIFICATE_STATUSES } from '@certdesk/domain';
import { NOT_READY_ORGANISATIONS_LIMIT } from './overview-sql.js';

export class OverviewQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'One organisation; every one I can see when absent' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

export class StatusCountDto {
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status!: string;
  @ApiProperty() count!: number;
}

export class MonthCountDto {
  @ApiProperty({ example: '2027-03', description: 'A Europe/Brussels calendar month' }) month!: string;
  @ApiProperty({
    description: 'Active certificates whose notAfter falls in it (from now on, for this month)',
  })
  count!: number;
}

export class OrganisationAtRiskDto {
  @ApiProperty() organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'All its warnings (GET /api/v1/warnings)' }) warnings!: number;
  @ApiProperty({ description: 'Active certificates already expired' }) expired!: number;
  @ApiProperty({ description: 'Renewable certificates with no renewal started' })
  renewableWithoutRenewal!: number;
}

export class RenewalPhaseCountDto {
  @ApiProperty({ description: '1, 2, 3 (phases), 4 (deployments updated)' }) phase!: number;
  @ApiProperty({ example: 'phase1-sent' }) state!: string;
  @ApiProperty({ example: 'Renewal requested' }) title!: string;
  @ApiProperty({ description: 'Open renewals waiting in this state' }) count!: number;
}

export class NotReadyOrganisationDto {
  @ApiProperty() organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Its active certificates within the horizon that are not ready' })
  count!: number;
}

export class ReadinessOverviewDto {
  @ApiProperty({
    description:
      'Days left from which a certificate that is not ready joins the digest (READINESS_DIGEST_DAYS)',
  })
  horizonDays!: number;
  @ApiProperty({ description: 'Active certificates within the horizon whose renewal is not ready' })
  notReady!: number;
  @ApiProperty({ description: 'Organisations with at least one of them' })
  organisations!: number;
  @ApiProperty({
    type: [NotReadyOrganisationDto],
    description: `The first ${NOT_READY_ORGANISATIONS_LIMIT} of those organisations, most first`,
  })
  byOrganisation!: NotReadyOrganisationDto[];
}

export class OverviewDto {
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) organisationId!: string | null;
  @ApiProperty({ description: 'Active certificates' }) total!: number;
  @ApiProperty({ type: [StatusCountDto], description: 'Active certificates by status, every status listed' })
  byStatus!: StatusCountDto[];
  @ApiProperty({ type: [MonthCountDto], description: 'The current month and the 11 after it' })
  expiriesByMonth!: MonthCountDto[];
  @ApiProperty({
    type: [OrganisationAtRiskDto],
    description: 'Up to 10, most expired first, then renewable without renewal, then warnings',
  })
  organisationsAtRisk!: OrganisationAtRiskDto[];
  @ApiProperty({
    type: [RenewalPhaseCountDto],
    description: 'Open renewals by phase, every open phase listed',
  })
  renewalsInProgress!: RenewalPhaseCountDto[];
  @ApiProperty({ type: ReadinessOverviewDto, description: 'Renewal readiness within the digest horizon' })
  readiness!: ReadinessOverviewDto;
}
