import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { muteLapse } from '@certdesk/domain';
import type { Actor } from '../access/actor.js';
import { CertificateLoader } from '../certificates/certificate-loader.js';
import { Clock } from '../core/clock.js';
import { Transactions } from '../core/transactions.js';
import type { MuteHistoryEntryDto } from './mutes.dto.js';
import { MutesRepository } from './mutes.repository.js';

/** Every mute a certificate had, in force or lapsed with the cause: its history, as its page shows it. */
export class ListCertificateMutesQuery extends Query<MuteHistoryEntryDto[]> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
  ) {
    super();
  }
}

@QueryHandler(ListCertificateMutesQuery)
export class ListCertificateMutesHandler implements IQueryHandler<ListCertificateMutesQuery> {
  constructor(
    private readonly transactions: Transactions,
    private readonly certificates: CertificateLoader,
    private readonly mutes: MutesRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, certificateId }: ListCertificateMutesQuery): Promise<MuteHistoryEntryDto[]> {
    const manager = this.transactions.manager;
    const certificate = await this.certificates.load(manager, actor, certificateId, 'certificate.read');
    const now = this.clock.now();
    const renewalStates = await this.mutes.renewalStates(manager, certificateId);
    const history = await this.mutes.history(manager, certificateId);
    return history.map(({ unmutedAt, unmutedBy, ...mute }) => {
      const lapse = muteLapse(
        { until: new Date(mute.until), unmutedAt },
        { state: certificate.state, renewalStates },
        now,
      );
      const endedAt =
        lapse === 'unmuted' ? unmutedAt!.toISOString() : lapse === 'end-date' ? mute.until : null;
      return { ...mute, state: lapse ?? 'in-force', endedAt, unmutedBy };
    });
  }
}
