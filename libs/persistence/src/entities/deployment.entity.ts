import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  JoinColumn,
  ManyToOne,
  type Relation,
} from 'typeorm';
import { CertificateEntity } from './certificate.entity.js';

/** A place the certificate is installed: a software or integrator, and whom to tell when it is renewed. */
@Entity('deployment')
export class DeploymentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @Index() @Column('uuid') certificateId!: string;
  @Column('text') software!: string;
  @Column('text', { nullable: true }) integrator!: string | null;
  @Column('text', { nullable: true }) contactEmail!: string | null;
  @Column('text', { default: '' }) notes!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
