import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CertificateEntity } from './certificate.entity.js';
import { HandoverEntity } from './handover.entity.js';

/** A certificate a handover covers. */
@Entity('handover_certificate')
export class HandoverCertificateEntity {
  @ManyToOne(() => HandoverEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'handover_id' })
  handover?: Relation<HandoverEntity>;
  @PrimaryColumn('uuid') handoverId!: string;
  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @Index() @PrimaryColumn('uuid') certificateId!: string;
  /** The new manager cannot obtain its keystore or password (listed when the handover was opened). */
  @Column('boolean', { default: false }) revokeAndRequestAgain!: boolean;
}
