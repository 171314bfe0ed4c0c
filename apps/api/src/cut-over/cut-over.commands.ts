import { Command, Query } from '@nestjs/cqrs';
import type { Actor } from '../access/actor.js';
import type { CertificateCutOverDto, CutOverLinkDto } from './cut-over.dto.js';

/** Whoever holds a cut-over link sees what it is for (no log-in: the link is the proof). */
export class ReadCutOverLinkQuery extends Query<CutOverLinkDto> {
  constructor(readonly token: string) {
    super();
  }
}

/** Whoever holds a cut-over link confirms, once, that the new keystore is installed. */
export class ConfirmCutOverCommand extends Command<CutOverLinkDto> {
  constructor(readonly token: string) {
    super();
  }
}

/** A certificate's cut-over: each deployment confirmed by whom and when, or pending. */
export class GetCertificateCutOverQuery extends Query<CertificateCutOverDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
  ) {
    super();
  }
}

/** An administrator closes a certificate's open cut-over requests without their confirmation, with a reason. */
export class OverrideCutOverCommand extends Command<CertificateCutOverDto> {
  constructor(
    readonly actor: Actor,
    readonly certificateId: string,
    readonly reason: string,
  ) {
    super();
  }
}
