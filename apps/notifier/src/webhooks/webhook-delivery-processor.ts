import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import {
  WEBHOOK_LANGUAGES,
  type WebhookDeliveryJob,
  type WebhookLanguage,
  type WebhookPayload,
} from '@certdesk/contracts';
import { openWebhookSecret, webhookSecretKey } from '@certdesk/persistence';
import { NOTIFIER_CONFIG, type NotifierConfig } from '../config/config.js';
import { teamsMessage } from './teams-card.js';
import { WebhookDisabledMailer } from './webhook-disabled-mailer.js';
import { postWebhook, type WebhookResponse } from './webhook-http.js';
import { standardWebhookHeaders } from './webhook-signature.js';

export type WebhookDeliveryOutcome = 'delivered' | 'retrying' | 'failed' | 'disabled' | 'skipped' | 'gone';

interface DeliveryRow {
  id: string;
  state: string;
  payload: WebhookPayload;
  subscription_id: string;
  organisation_id: string | null;
  name: string;
  url: string;
  format: string;
  language: string | null;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  previous_secret_until: Date | null;
  enabled: boolean;
  organisation_languages: string[] | null;
}

/** A failed attempt that BullMQ retries after its backoff; the delivery log already recorded it. */
export class WebhookAttemptFailed extends Error {}

/**
 * One attempt of one delivery: signed the Standard Webhooks way (the delivery's id on every attempt), as JSON or a
 * Teams card, posted through the guarded client; the attempt and the delivery's state recorded in one transaction
 * with the subscription's run of failures. After WEBHOOK_DISABLE_AFTER failed attempts in a row the subscription is
 * disabled (once: the update is conditional) and its administrators are told; its other deliveries are then skipped.
 */
@Injectable()
export class WebhookDeliveryProcessor {
  private readonly logger = new Logger('Webhooks');
  private readonly key: Buffer | null;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    private readonly mailer: WebhookDisabledMailer,
  ) {
    this.key = config.webhooks.keyBase ? webhookSecretKey(config.webhooks.keyBase) : null;
  }

  async process(job: Job<WebhookDeliveryJob>): Promise<{ outcome: WebhookDeliveryOutcome }> {
    const [row] = (await this.db.query(
      `SELECT d.id, d.state, d.payload, s.id AS subscription_id, s.organisation_id, s.name, s.url, s.format,
              s.language, s.secret_ciphertext, s.previous_secret_ciphertext, s.previous_secret_until, s.enabled,
              o.languages AS organisation_languages
         FROM webhook_delivery d
         JOIN webhook_subscription s ON s.id = d.subscription_id
         LEFT JOIN organisation o ON o.id = d.organisation_id
        WHERE d.id = $1`,
      [job.data.deliveryId],
    )) as DeliveryRow[];
    if (!row) return { outcome: 'gone' };
    if (row.state !== 'pending') return { outcome: row.state === 'delivered' ? 'delivered' : 'skipped' };
    if (!row.enabled) {
      await this.db.query(
        `UPDATE webhook_delivery SET state = 'skipped', next_attempt_at = NULL WHERE id = $1`,
        [row.id],
      );
      return { outcome: 'skipped' };
    }
    // The wall clock, not the injected one: receivers judge webhook-timestamp against theirs, and BullMQ's
    // backoff runs on real time.
    const started = new Date();
    const secrets = await this.secretsOf(row, started);
    const body = JSON.stringify(
      row.format === 'teams'
        ? teamsMessage(row.payload, cardLanguage(row), this.config.publicUrl)
        : row.payload,
    );
    const response = await postWebhook(
      row.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Certdesk-Webhooks/1',
        ...standardWebhookHeaders(secrets, row.id, Math.floor(started.getTime() / 1000), body),
      },
      {
        allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks,
        timeoutMs: this.config.webhooks.timeoutMs,
      },
    );
    const outcome = await this.record(row, job.attemptsMade + 1, started, response);
    if (outcome.disabledAfter !== null) {
      this.logger.warn(
        `webhook ${row.subscription_id} disabled after ${outcome.disabledAfter} failed attempts in a row`,
      );
      await this.mailer.tell(
        { id: row.subscription_id, name: row.name, organisationId: row.organisation_id },
        outcome.disabledAfter,
        started,
      );
    }
    if (outcome.outcome === 'retrying')
      throw new WebhookAttemptFailed(
        `webhook delivery ${row.id}: ${response.statusCode !== null ? `the receiver answered ${response.statusCode}` : response.error}`,
      );
    return { outcome: outcome.outcome };
  }

  /**
   * The subscription's signing secrets: its current one, and the one its last rotation replaced while that one's
   * grace runs at `at`. A current secret that cannot be opened is the installation's fault (the notifier's
   * WEBHOOK_KEY or TOKEN_SECRET is not the api's), not the receiver's: nothing is sent, the delivery log says why, the
   * job is retried, and the subscription's failure count is left alone. A previous one that does not open (the
   * current one did, so it was changed) is left out: the request is signed with the current secret alone.
   */
  private async secretsOf(row: DeliveryRow, at: Date): Promise<[string, ...string[]]> {
    let problem: string;
    if (!this.key)
      problem = 'the notifier has neither WEBHOOK_KEY nor TOKEN_SECRET: it cannot open webhook secrets';
    else {
      try {
        const current = openWebhookSecret(this.key, row.subscription_id, row.secret_ciphertext);
        return [current, ...this.previousSecretOf(row, this.key, at)];
      } catch {
        problem =
          "the webhook's secret does not open with the notifier's key: WEBHOOK_KEY (or TOKEN_SECRET) differs from the api's";
      }
    }
    await this.db.query(`UPDATE webhook_delivery SET last_error = $2 WHERE id = $1`, [row.id, problem]);
    throw new Error(`webhook delivery ${row.id}: ${problem}`);
  }

  private previousSecretOf(row: DeliveryRow, key: Buffer, at: Date): string[] {
    const until = row.previous_secret_until;
    if (row.previous_secret_ciphertext === null || until === null || until <= at) return [];
    try {
      return [openWebhookSecret(key, row.subscription_id, row.previous_secret_ciphertext)];
    } catch {
      this.logger.warn(
        `webhook ${row.subscription_id}: its previous secret does not open; signed with the current one`,
      );
      return [];
    }
  }

  private async record(
    row: DeliveryRow,
    attempt: number,
    started: Date,
    response: WebhookResponse,
  ): Promise<{ outcome: WebhookDeliveryOutcome; disabledAfter: number | null }> {
    const ok = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
    const { attempts, retryDelayMs, disableAfter } = this.config.webhooks;
    return this.db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO webhook_delivery_attempt
           (delivery_id, attempt, started_at, duration_ms, status_code, error, response_excerpt)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          row.id,
          attempt,
          started,
          response.durationMs,
          response.statusCode,
          response.error,
          response.responseExcerpt,
        ],
      );
      if (ok) {
        await manager.query(
          `UPDATE webhook_delivery SET state = 'delivered', attempts = $2, last_status_code = $3, last_error = NULL,
                  last_attempt_at = $4, next_attempt_at = NULL, delivered_at = $4 WHERE id = $1`,
          [row.id, attempt, response.statusCode, started],
        );
        await manager.query(`UPDATE webhook_subscription SET consecutive_failures = 0 WHERE id = $1`, [
          row.subscription_id,
        ]);
        return { outcome: 'delivered', disabledAfter: null };
      }
      // Through a CTE: TypeORM answers an UPDATE ... RETURNING with [rows, count], a SELECT with the rows.
      const [{ consecutive_failures: failures }] = (await manager.query(
        `WITH counted AS (
           UPDATE webhook_subscription SET consecutive_failures = consecutive_failures + 1 WHERE id = $1
           RETURNING consecutive_failures)
         SELECT consecutive_failures FROM counted`,
        [row.subscription_id],
      )) as [{ consecutive_failures: number }];
      let disabledAfter: number | null = null;
      if (failures >= disableAfter) {
        const disabled = (await manager.query(
          `WITH disabled AS (
             UPDATE webhook_subscription SET enabled = false, disabled_reason = 'failures', disabled_at = $2,
                    updated_at = $2
              WHERE id = $1 AND enabled RETURNING id)
           SELECT id FROM disabled`,
          [row.subscription_id, started],
        )) as unknown[];
        if (disabled.length) disabledAfter = failures;
      }
      const final = attempt >= attempts || failures >= disableAfter;
      // BullMQ's exponential backoff: the n-th retry waits retryDelayMs * 2^(n-1).
      const next = final ? null : new Date(Date.now() + retryDelayMs * 2 ** (attempt - 1));
      await manager.query(
        `UPDATE webhook_delivery SET state = $2, attempts = $3, last_status_code = $4, last_error = $5,
                last_attempt_at = $6, next_attempt_at = $7 WHERE id = $1`,
        [row.id, final ? 'failed' : 'pending', attempt, response.statusCode, response.error, started, next],
      );
      return { outcome: disabledAfter !== null ? 'disabled' : final ? 'failed' : 'retrying', disabledAfter };
    });
  }
}

/** The subscription's language, else the organisation's first one a card is written in, else English. */
function cardLanguage(row: DeliveryRow): WebhookLanguage {
  const known = (l: string | null | undefined): l is WebhookLanguage =>
    !!l && (WEBHOOK_LANGUAGES as readonly string[]).includes(l);
  if (known(row.language)) return row.language;
  return (row.organisation_languages ?? []).find(known) ?? 'en';
}
