import { ApiProperty } from '@nestjs/swagger';
import { USER_ROLES } from '@certdesk/persistence';

export class DemoRoleDto {
  @ApiProperty({ enum: USER_ROLES }) role!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for central-admin' })
  organisationName!: string | null;
}

export class DemoLoginDto {
  @ApiProperty() email!: string;
  @ApiProperty({ description: "The demo's published password (it is in Certdesk's source)" })
  password!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [DemoRoleDto] }) roles!: DemoRoleDto[];
}

export class DemoCardHolderDto {
  @ApiProperty({ description: 'What to add to the command for this card (`npm run demo:card -- sophie`)' })
  key!: string;
  @ApiProperty() name!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ description: 'The e-mail address of the log-in the card opens' }) email!: string;
}

export class DemoCardsDto {
  @ApiProperty({ example: 'npm run demo:card' }) command!: string;
  @ApiProperty({ description: 'The test cards’ PIN' }) pin!: string;
  @ApiProperty({ type: [DemoCardHolderDto], description: 'The first is the default card' })
  holders!: DemoCardHolderDto[];
}

export class DemoDto {
  @ApiProperty({ type: [DemoLoginDto], description: 'One log-in per role, as the demo seeded them' })
  logins!: DemoLoginDto[];
  @ApiProperty({
    type: DemoCardsDto,
    nullable: true,
    description: 'The demo eID cards; null when the eID is off (no EID_TRUST_ANCHORS)',
  })
  cards!: DemoCardsDto | null;
}
