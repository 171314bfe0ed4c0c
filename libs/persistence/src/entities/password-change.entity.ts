import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { UserEntity } from './user.entity.js';
import { PersonEntity } from './person.entity.js';
import { CertificateEntity } from './certificate.entity.js';

/** That a keystore password was changed, when and by whom, and who knows the new one. Never the password. */
@Entity('password_change')
export class PasswordChangeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @Index() @Column('uuid') certificateId!: string;
  @Column('date') changedOn!: string;
  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'custodian_id' })
  custodian?: Relation<PersonEntity>;
  @Column('uuid', { nullable: true }) custodianId!: string | null;
  @Column('text', { default: '' }) note!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'recorded_by_id' })
  recordedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) recordedById!: string | null;
  @Column('timestamptz') recordedAt!: Date;
}
