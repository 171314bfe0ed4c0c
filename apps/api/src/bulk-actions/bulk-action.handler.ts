import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CertificateEntity, KeystoreEntity } from '@certdesk/persistence';
import type { Actor } from '../access/actor.js';
import type { Permission } from '../access/permissions.js';
import { UnprocessableError } from '../common/errors.js';
import { CertificateLoader } from '../certificates/certificate-loader.js';
import { CertificateView } from '../certificates/certificate-view.js';
import { CertificateUpdater } from '../certificates/update-certificate/certificate-updater.js';
import { CertificateLabelling, requireLabel } from '../labels/certificate-labelling.js';
import { ManagerAssignment } from '../lifecycle/reassign-manager/manager-assignment.js';
import { MuteCertificateCommand } from '../mutes/mute-certificate/mute-certificate.command.js';
import { BulkActionCommand } from './bulk-action.command.js';
import type {
  BulkActionDto,
  BulkActionName,
  BulkKeystorePlaceDto,
  BulkResultDto,
} from './bulk-action.dto.js';

/** What each action asks of the actor in every selected certificate's organisation: the same as for one. */
const PERMISSION: Record<BulkActionName, Permission> = {
  'assign-manager': 'certificate.reassign-manager',
  'add-label': 'certificate.update',
  'remove-label': 'certificate.update',
  'set-keystore-location': 'certificate.update',
  mute: 'certificate.mute',
};

/**
 * Runs a bulk action through the single-certificate logic (manager assignment, labelling, the certificate update,
 * the mute command)
 * in one transaction: every certificate is locked and checked first, so one unknown or foreign id (404), one the
 * actor may not change (403) or one the action refuses (422) leaves all of them as they were.
 */
@CommandHandler(BulkActionCommand)
export class BulkActionHandler implements ICommandHandler<BulkActionCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly certificates: CertificateLoader,
    private readonly view: CertificateView,
    private readonly assignment: ManagerAssignment,
    private readonly labelling: CertificateLabelling,
    private readonly updater: CertificateUpdater,
    private readonly commands: CommandBus,
  ) {}

  async execute({ actor, input }: BulkActionCommand): Promise<BulkResultDto> {
    return this.db.transaction(async (manager) => {
      const selected = await this.certificates.loadMany(
        manager,
        actor,
        input.certificateIds,
        PERMISSION[input.action],
      );
      const changed = await this.run(manager, actor, selected, input);
      const reloaded = await manager
        .getRepository(CertificateEntity)
        .createQueryBuilder('c')
        .where('c.id = ANY(:ids)', { ids: input.certificateIds })
        .getMany();
      const byId = new Map(reloaded.map((c) => [c.id, c]));
      // In the order the caller sent them.
      const certificates = await this.view.load(
        manager,
        input.certificateIds.map((id) => byId.get(id)!),
      );
      return { action: input.action, changed, certificates };
    });
  }

  /** How many certificates changed. */
  private async run(
    manager: EntityManager,
    actor: Actor,
    selected: CertificateEntity[],
    input: BulkActionDto,
  ): Promise<number> {
    switch (input.action) {
      case 'assign-manager': {
        const unchanged = selected.filter((c) => c.managerId === input.managerId).length;
        await this.assignment.reassign(
          manager,
          actor,
          selected.map((c) => c.id),
          input.managerId!,
          { note: input.note?.trim() || null },
        );
        return selected.length - unchanged;
      }
      case 'add-label':
        return (await this.labelling.add(manager, actor, selected, requireLabel(input.label))).length;
      case 'remove-label':
        return (await this.labelling.remove(manager, actor, selected, requireLabel(input.label))).length;
      case 'set-keystore-location':
        return this.moveKeystores(manager, actor, selected, input.keystore!);
      case 'mute':
        // The mute command itself, in this transaction: its rules (a revoked or renewed certificate refuses) hold
        // for each certificate, and one refusal undoes the others.
        for (const certificate of selected)
          await this.commands.execute(
            new MuteCertificateCommand(actor, certificate.id, input.mute!, { manager }),
          );
        return selected.length;
    }
  }

  /**
   * Each certificate's keystore file, same name, at the new PC and folder (through the certificate update, which
   * carries its entries over). A certificate whose keystore file is not known cannot be placed: 422, naming them.
   */
  private async moveKeystores(
    manager: EntityManager,
    actor: Actor,
    selected: CertificateEntity[],
    place: BulkKeystorePlaceDto,
  ): Promise<number> {
    const unknown = selected.filter((c) => !c.keystoreId).map((c) => c.id);
    if (unknown.length)
      throw new UnprocessableError(
        'KEYSTORE_UNKNOWN',
        'Some selected certificates have no known keystore file to place: record their keystore one by one first.',
        { certificateIds: unknown },
      );
    const keystoreIds = [...new Set(selected.map((c) => c.keystoreId!))];
    const keystores = new Map(
      (
        await manager
          .getRepository(KeystoreEntity)
          .createQueryBuilder('k')
          .where('k.id = ANY(:keystoreIds)', { keystoreIds })
          .getMany()
      ).map((k) => [k.id, k]),
    );
    const host = place.host?.trim() || null;
    const path = place.path?.trim() || null;
    let changed = 0;
    for (const certificate of selected) {
      const current = keystores.get(certificate.keystoreId!)!;
      if ((current.host || null) === host && (current.path || null) === path) continue;
      await this.updater.apply(manager, actor, certificate, {
        keystore: { fileName: current.fileName, host, path },
      });
      changed += 1;
    }
    return changed;
  }
}
