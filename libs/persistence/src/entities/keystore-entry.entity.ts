import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { KeystoreEntity } from './keystore.entity.js';

/** One entry of a keystore, as read at import or reported by the card-bridge. No key material. */
@Entity('keystore_entry')
export class KeystoreEntryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => KeystoreEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'keystore_id' })
  keystore?: Relation<KeystoreEntity>;
  @Index() @Column('uuid') keystoreId!: string;
  @Column('text', { nullable: true }) alias!: string | null;
  /** 'authentication', 'etk', 'ca' or 'other'. */
  @Column('text') role!: string;
  @Column('boolean') hasPrivateKey!: boolean;
  /** The entry's certificate; null for a key whose certificate is not there yet (request not completed). */
  @Column('text', { nullable: true }) certificateFingerprint!: string | null;
}
