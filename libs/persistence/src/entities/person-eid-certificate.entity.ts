import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { PersonEntity } from './person.entity.js';

export const EID_SEEN_VIA = ['eid-login', 'handover-signature'] as const;
export type EidSeenVia = (typeof EID_SEEN_VIA)[number];

/**
 * An eID certificate a person used with Certdesk (an eID log-in, a handover signature): renewal readiness needs to
 * know that a manager's eID works and until when. The certificate's validity only, not the certificate.
 */
@Entity('person_eid_certificate')
@Index(['personId', 'certificateSha256'], { unique: true })
export class PersonEidCertificateEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'person_id' })
  person?: Relation<PersonEntity>;
  @Column('uuid') personId!: string;
  @Column('text') certificateSha256!: string;
  @Column('timestamptz') notAfter!: Date;
  @Column('text') seenVia!: EidSeenVia;
  /** The last time it was used. */
  @Column('timestamptz') seenAt!: Date;
}
