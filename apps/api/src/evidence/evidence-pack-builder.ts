import type { KeyObject } from 'node:crypto';
import { HttpException, HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { EvidenceLabels } from './evidence-report-labels.js';
import { esmWorker } from '../core/esm-worker-door.js';

interface EvidencePackTask {
  json: Uint8Array;
  labels: EvidenceLabels;
  packId: string;
  scope: { kind: 'certificate' | 'organisation'; id: string };
  generatedAt: string;
  privateKey: KeyObject;
}

/** Packs waiting for the builder thread beyond the one being built; more are refused (503) rather than held. */
const MAX_WAITING = 4;

/**
 * Draws the PDF and seals evidence packs in one worker thread (evidence-pack.worker.mjs), one pack at a time: the
 * event loop keeps serving meanwhile, and however many administrators ask at once, one pack's memory (a few hundred
 * MB at the limits) is held at a time. The thread starts with the first pack and ends when idle.
 */
@Injectable()
export class EvidencePackBuilder implements OnModuleDestroy {
  private pool: Piscina<EvidencePackTask, Uint8Array> | undefined;

  async build(task: EvidencePackTask): Promise<Uint8Array> {
    this.pool ??= new Piscina({
      ...esmWorker(new URL('./evidence-pack.worker.mjs', import.meta.url)),
      minThreads: 0,
      maxThreads: 1,
      maxQueue: MAX_WAITING,
      idleTimeout: 30_000,
    });
    const json = new Uint8Array(task.json);
    try {
      return await this.pool.run({ ...task, json }, { transferList: [json.buffer] });
    } catch (error) {
      if ((error as Error).message.includes('Task queue is at limit'))
        throw new HttpException(
          {
            statusCode: 503,
            code: 'EVIDENCE_BUSY',
            message: 'evidence packs are being made for others right now; ask again in a minute',
          },
          HttpStatus.SERVICE_UNAVAILABLE,
          { cause: error },
        );
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.destroy();
  }
}
