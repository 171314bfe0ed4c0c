import { ApiProperty } from '@nestjs/swagger';
import { READINESS_CONDITION_CODES } from '@certdesk/domain';

export class ReadinessConditionDto {
  @ApiProperty({ enum: READINESS_CONDITION_CODES }) code!: string;
  @ApiProperty() met!: boolean;
  @ApiProperty({ description: 'What was found; for an unmet condition, what is missing (English)' })
  detail!: string;
}

/** Whether a renewal started in the window will succeed, from what Certdesk knows today (libs/domain readiness). */
export class ReadinessDto {
  @ApiProperty({ description: 'Every condition is met' }) ready!: boolean;
  @ApiProperty({ type: [ReadinessConditionDto], description: 'Each condition, in a fixed order' })
  conditions!: ReadinessConditionDto[];
}
