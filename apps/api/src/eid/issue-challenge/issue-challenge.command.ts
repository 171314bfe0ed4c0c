import { Command } from '@nestjs/cqrs';
import type { EidChallengeDto } from '../eid.dto.js';

/** A fresh nonce for one eID log-in. */
export class IssueChallengeCommand extends Command<EidChallengeDto> {}
