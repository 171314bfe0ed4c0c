import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last event of each audit chain; locked FOR UPDATE while an event is appended, so chains never fork. */
@Entity('audit_chain_head')
export class AuditChainHeadEntity {
  @PrimaryColumn('text') chain!: string;
  @Column('bigint') lastEventId!: string;
  @Column('text') lastHash!: string;
}
