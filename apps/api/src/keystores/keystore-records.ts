import type { EntityManager } from 'typeorm';
import { KeystoreEntity, KeystoreEntryEntity } from '@certdesk/persistence';

/** One entry as libs/pki reads it or the card-bridge reports it: never key material. */
export interface KeystoreEntryRecord {
  alias: string | null;
  role: string;
  hasPrivateKey: boolean;
  certificateFingerprint: string | null;
}

export interface KeystoreRecordInput {
  organisationId: string;
  fileName: string;
  host?: string | null;
  path?: string | null;
  /** 'legacy', 'modern', 'mixed'; null keeps what is known (a card-bridge report does not say). */
  encryption: string | null;
  entries: KeystoreEntryRecord[];
}

/** Where a keystore lives, as one key: the unique index is (organisation, host, folder, file name). */
export interface KeystoreLocation {
  fileName: string;
  host: string;
  path: string;
}

/**
 * The keystore's place as stored: host and folder ('' when unknown). A path that ends with the file name itself
 * (the card-bridge reports the file's full path) is cut to its folder, so an import and a report of the same file
 * meet on one record.
 */
export function keystoreLocation(input: {
  fileName: string;
  host?: string | null;
  path?: string | null;
}): KeystoreLocation {
  const fileName = input.fileName.trim();
  let path = (input.path ?? '').trim();
  const lastSeparator = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (lastSeparator >= 0 && path.slice(lastSeparator + 1) === fileName) path = path.slice(0, lastSeparator);
  else if (path === fileName) path = '';
  if (path.length > 1) path = path.replace(/[\\/]+$/, '');
  return { fileName, host: (input.host ?? '').trim(), path };
}

/**
 * The keystore at this place in the organisation, created (with `encryption`) when there is none yet; the row is
 * locked for the caller's transaction, so two imports of one keystore do not interleave.
 */
export async function findOrCreateKeystore(
  manager: EntityManager,
  organisationId: string,
  place: { fileName: string; host?: string | null; path?: string | null },
  encryption: string | null,
): Promise<{ keystore: KeystoreEntity; created: boolean }> {
  const location = keystoreLocation(place);
  const inserted = await manager
    .createQueryBuilder()
    .insert()
    .into(KeystoreEntity)
    .values({ organisationId, ...location, encryption })
    .orIgnore()
    .returning(['id'])
    .execute();
  const keystore = await manager
    .getRepository(KeystoreEntity)
    .createQueryBuilder('k')
    .setLock('pessimistic_write')
    .where('k.organisationId = :organisationId', { organisationId })
    .andWhere('k.host = :host AND k.path = :path AND k.fileName = :fileName', location)
    .getOneOrFail();
  return { keystore, created: (inserted.raw as unknown[]).length > 0 };
}

/** Replaces a keystore's entries (what was read at import, or what the card-bridge reported). */
export async function replaceKeystoreEntries(
  manager: EntityManager,
  keystoreId: string,
  entries: KeystoreEntryRecord[],
): Promise<void> {
  await manager.getRepository(KeystoreEntryEntity).delete({ keystoreId });
  if (entries.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(KeystoreEntryEntity)
    .values(
      entries.map((entry) => ({
        keystoreId,
        alias: entry.alias,
        role: entry.role,
        hasPrivateKey: entry.hasPrivateKey,
        certificateFingerprint: entry.certificateFingerprint,
      })),
    )
    .execute();
}

/** Records a keystore as just read or reported: its place, its encryption when known, and its entries. */
export async function recordKeystore(
  manager: EntityManager,
  input: KeystoreRecordInput,
): Promise<{ keystore: KeystoreEntity; created: boolean }> {
  const { keystore, created } = await findOrCreateKeystore(
    manager,
    input.organisationId,
    input,
    input.encryption,
  );
  if (!created && input.encryption !== null && keystore.encryption !== input.encryption) {
    await manager.getRepository(KeystoreEntity).update({ id: keystore.id }, { encryption: input.encryption });
    keystore.encryption = input.encryption;
  }
  await replaceKeystoreEntries(manager, keystore.id, input.entries);
  return { keystore, created };
}
