import { Command } from '@nestjs/cqrs';
import type { RenewalAction } from '@certdesk/domain';
import type { Actor } from '../../access/actor.js';
import type { RenewalCaseDto } from '../lifecycle.dto.js';

/**
 * The next step of a renewal case: `complete` (phase 2), `activate-etk` (phase 3), `update-deployments`, or
 * `abandon` (with its reason as the note). libs/domain decides whether the step may come now.
 */
export class AdvanceRenewalCommand extends Command<RenewalCaseDto> {
  constructor(
    readonly actor: Actor,
    readonly caseId: string,
    readonly action: RenewalAction,
    readonly note: string | null,
  ) {
    super();
  }
}
