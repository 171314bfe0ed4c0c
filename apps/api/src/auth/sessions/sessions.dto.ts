import { ApiProperty } from '@nestjs/swagger';

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was opened (the log-in)' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'To the minute' })
  lastUsedAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The client's address at its last use (behind a proxy, as TRUST_PROXY lets the api see it)",
  })
  lastUsedFrom!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The browser (User-Agent) at its last use' })
  userAgent!: string | null;
  @ApiProperty({ description: 'The session this request comes with' }) current!: boolean;
}

export class EndedSessionsDto {
  @ApiProperty({ description: 'How many sessions were open and are now ended' }) ended!: number;
}
