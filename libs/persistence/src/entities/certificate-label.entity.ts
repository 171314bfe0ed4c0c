import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CertificateEntity } from './certificate.entity.js';
import { LabelEntity } from './label.entity.js';

/**
 * A label on a certificate, both of one organisation. The primary key (certificate, label) answers "this page's
 * labels" and "does this certificate carry it"; the index (label, certificate) answers "the certificates with this
 * label" and the counts (docs/decisions.md, labels).
 */
@Entity('certificate_label')
@Index('certificate_label_by_label', ['labelId', 'certificateId'])
export class CertificateLabelEntity {
  @PrimaryColumn('uuid') certificateId!: string;
  @PrimaryColumn('uuid') labelId!: string;
  @ManyToOne(() => CertificateEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'certificate_id' })
  certificate?: Relation<CertificateEntity>;
  @ManyToOne(() => LabelEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'label_id' })
  label?: Relation<LabelEntity>;
}
