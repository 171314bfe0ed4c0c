import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import {
  WEBHOOK_EVENTS,
  WEBHOOK_LANGUAGES,
  type WebhookEventType,
  type WebhookLanguage,
} from '@certdesk/contracts';
import { $api } from '../api/client.js';
import type { WebhookDto, WebhookWithSecretDto } from '../api/schema.js';
import { useSession } from '../auth/session.js';
import type { Messages } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { ErrorMessage } from '../ui/error-message.js';
import { OrganisationSelect } from '../ui/organisation-select.js';
import { Loading, Page } from '../ui/page.js';
import { useOrganisations } from './use-organisations.js';

const LIST = ['get', '/api/v1/webhooks'] as const;

/** How long a replaced secret still signs deliveries when the administrator keeps it (the api's default). */
const KEEP_PREVIOUS_HOURS = 24;

/** Each event's words in the dictionaries (whose keys have no dots). */
const EVENT_WORDS: Record<WebhookEventType, keyof Messages['webhooks']['eventNames']> = {
  'certificate.expiring': 'certificateExpiring',
  'certificate.expired': 'certificateExpired',
  'certificate.revoked': 'certificateRevoked',
  'renewal.stalled': 'renewalStalled',
  'renewal.phase-recorded': 'renewalPhaseRecorded',
  'handover.completed': 'handoverCompleted',
  'etk-directory.findings': 'etkDirectoryFindings',
  'cut-over.confirmed': 'cutOverConfirmed',
};

function eventName(m: Messages, type: string): string {
  const key = EVENT_WORDS[type as WebhookEventType];
  return key ? m.webhooks.eventNames[key] : type;
}

/**
 * Webhooks (docs/webhooks.md): subscribe a receiver or a Teams channel to events, see its secret once, and follow
 * its deliveries. Organisation administrators see their organisations' webhooks, central administrators all.
 */
export function WebhooksPage() {
  const { m, dateTime } = useI18n();
  const session = useSession();
  const queryClient = useQueryClient();
  const { organisations, nameOf } = useOrganisations();
  const formHeading = useId();
  const listHeading = useId();
  const webhooks = $api.useQuery('get', '/api/v1/webhooks');
  const [created, setCreated] = useState<WebhookWithSecretDto | null>(null);
  const [deleting, setDeleting] = useState<WebhookDto | null>(null);
  const [rotating, setRotating] = useState<WebhookDto | null>(null);
  const [keepPrevious, setKeepPrevious] = useState(true);
  const [logOf, setLogOf] = useState<WebhookDto | null>(null);
  const [format, setFormat] = useState<'json' | 'teams'>('json');
  const refresh = () => queryClient.invalidateQueries({ queryKey: LIST });
  const create = $api.useMutation('post', '/api/v1/webhooks', {
    onSuccess: async (webhook) => {
      setCreated(webhook);
      await refresh();
    },
  });
  const update = $api.useMutation('patch', '/api/v1/webhooks/{id}', { onSuccess: refresh });
  const rotate = $api.useMutation('post', '/api/v1/webhooks/{id}/secret', {
    onSuccess: async (webhook) => {
      setRotating(null);
      setCreated(webhook);
      await refresh();
    },
  });
  const remove = $api.useMutation('delete', '/api/v1/webhooks/{id}', {
    onSuccess: async () => {
      if (logOf?.id === deleting?.id) setLogOf(null);
      setDeleting(null);
      await refresh();
    },
  });
  const managed = organisations.filter((o) => session.can('webhook.manage', o.id));
  const central = session.me?.centralAdmin ?? false;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scope = String(form.get('organisationId') ?? '');
    const language = String(form.get('language') ?? '') as WebhookLanguage | '';
    create.mutate({
      body: {
        organisationId: scope === 'installation' ? null : scope,
        name: String(form.get('name') ?? '').trim(),
        url: String(form.get('url') ?? '').trim(),
        format,
        events: form.getAll('events').map(String) as WebhookEventType[],
        ...(format === 'teams' && language ? { language } : {}),
      },
    });
  };

  return (
    <Page title={m.webhooks.title}>
      <p className="hint">{m.webhooks.intro}</p>
      {created ? (
        <section className="card new-token" aria-labelledby={formHeading}>
          <h2 id={formHeading}>{m.webhooks.secretTitle(created.name)}</h2>
          <p className="warning" role="note">
            {m.webhooks.shownOnce}
          </p>
          {created.previousSecretValidUntil && (
            <p>{m.webhooks.previousSecretUntil(dateTime(created.previousSecretValidUntil))}</p>
          )}
          <label>
            <span>{m.webhooks.secret}</span>
            <input
              className="wide token-value"
              readOnly
              value={created.secret}
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <div className="buttons">
            <button type="button" onClick={() => setCreated(null)}>
              {m.webhooks.done}
            </button>
          </div>
        </section>
      ) : (
        <form className="card form" onSubmit={submit} aria-labelledby={formHeading}>
          <h2 id={formHeading}>{m.webhooks.create}</h2>
          <OrganisationSelect
            label={m.webhooks.scope}
            name="organisationId"
            required
            defaultValue=""
            organisations={managed}
            choose
            first={central ? { value: 'installation', label: m.webhooks.installationWide } : undefined}
          />
          <label>
            <span>{m.webhooks.name}</span>
            <input name="name" required maxLength={100} autoComplete="off" />
          </label>
          <label>
            <span>{m.webhooks.url}</span>
            <input name="url" type="url" required maxLength={2048} className="wide" autoComplete="off" />
          </label>
          <fieldset>
            <legend>{m.webhooks.format}</legend>
            {(['json', 'teams'] as const).map((value) => (
              <label key={value} className="inline">
                <input
                  type="radio"
                  name="format"
                  value={value}
                  checked={format === value}
                  onChange={() => setFormat(value)}
                />
                <span>{m.webhooks.formats[value]}</span>
              </label>
            ))}
          </fieldset>
          {format === 'teams' && (
            <label>
              <span>{m.webhooks.cardLanguage}</span>
              <select name="language" defaultValue="">
                <option value="">{m.webhooks.organisationLanguage}</option>
                {WEBHOOK_LANGUAGES.map((language) => (
                  <option key={language} value={language}>
                    {m.languages[language]}
                  </option>
                ))}
              </select>
            </label>
          )}
          <fieldset>
            <legend>{m.webhooks.events}</legend>
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event} className="inline">
                <input type="checkbox" name="events" value={event} />
                <span>{eventName(m, event)}</span>
              </label>
            ))}
          </fieldset>
          <ErrorMessage error={create.error} />
          <div className="buttons">
            <button type="submit" disabled={create.isPending}>
              {m.webhooks.create}
            </button>
          </div>
        </form>
      )}
      <section aria-labelledby={listHeading}>
        <h2 id={listHeading}>{m.webhooks.list}</h2>
        <ErrorMessage error={webhooks.error ?? update.error ?? remove.error} />
        {webhooks.isPending ? (
          <Loading />
        ) : webhooks.data?.webhooks.length === 0 ? (
          <p className="empty">{m.webhooks.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="webhooks">
              <thead>
                <tr>
                  <th scope="col">{m.webhooks.name}</th>
                  <th scope="col">{m.webhooks.scope}</th>
                  <th scope="col">{m.webhooks.url}</th>
                  <th scope="col">{m.webhooks.events}</th>
                  <th scope="col">{m.webhooks.state}</th>
                  <th scope="col">{m.common.actions}</th>
                </tr>
              </thead>
              <tbody>
                {webhooks.data?.webhooks.map((webhook) => (
                  <tr key={webhook.id}>
                    <th scope="row">
                      {webhook.name} <small>({m.webhooks.formats[webhook.format as 'json' | 'teams']})</small>
                    </th>
                    <td>
                      {webhook.organisationId ? nameOf(webhook.organisationId) : m.webhooks.installationWide}
                    </td>
                    <td className="url">{webhook.url}</td>
                    <td>{webhook.events.map((e) => eventName(m, e)).join(', ')}</td>
                    <td>
                      {webhook.enabled
                        ? m.webhooks.enabled
                        : webhook.disabledReason === 'failures'
                          ? m.webhooks.disabledAfterFailures(
                              webhook.consecutiveFailures,
                              webhook.disabledAt ? dateTime(webhook.disabledAt) : '',
                            )
                          : m.webhooks.disabled}
                      {webhook.previousSecretValidUntil && (
                        <>
                          <br />
                          <small>
                            {m.webhooks.previousSecretUntil(dateTime(webhook.previousSecretValidUntil))}
                          </small>
                        </>
                      )}
                    </td>
                    <td className="buttons">
                      <button type="button" className="secondary" onClick={() => setLogOf(webhook)}>
                        {m.webhooks.showLog(webhook.name)}
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        disabled={update.isPending}
                        onClick={() =>
                          update.mutate({
                            params: { path: { id: webhook.id } },
                            body: { enabled: !webhook.enabled },
                          })
                        }
                      >
                        {webhook.enabled ? m.webhooks.disable(webhook.name) : m.webhooks.enable(webhook.name)}
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => {
                          rotate.reset();
                          setKeepPrevious(true);
                          setRotating(webhook);
                        }}
                      >
                        {m.webhooks.rotate(webhook.name)}
                      </button>
                      <button type="button" className="secondary" onClick={() => setDeleting(webhook)}>
                        {m.webhooks.remove(webhook.name)}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {logOf && <DeliveryLog webhook={logOf} />}
      {rotating && (
        <ConfirmDialog
          title={m.webhooks.rotateTitle(rotating.name)}
          confirmLabel={m.webhooks.rotateConfirm}
          cancelLabel={m.common.cancel}
          busy={rotate.isPending}
          onConfirm={() =>
            rotate.mutate({
              params: { path: { id: rotating.id } },
              body: { keepPreviousForHours: keepPrevious ? KEEP_PREVIOUS_HOURS : 0 },
            })
          }
          onCancel={() => setRotating(null)}
        >
          <p>{m.webhooks.rotateBody}</p>
          <label className="inline">
            <input
              type="checkbox"
              checked={keepPrevious}
              onChange={(event) => setKeepPrevious(event.currentTarget.checked)}
            />
            <span>{m.webhooks.keepPrevious(KEEP_PREVIOUS_HOURS)}</span>
          </label>
          <p className="hint">{m.webhooks.keepPreviousHint}</p>
          <ErrorMessage error={rotate.error} />
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          title={m.webhooks.removeTitle(deleting.name)}
          confirmLabel={m.webhooks.removeConfirm}
          cancelLabel={m.common.cancel}
          danger
          busy={remove.isPending}
          onConfirm={() => remove.mutate({ params: { path: { id: deleting.id } } })}
          onCancel={() => setDeleting(null)}
        >
          <p>{m.webhooks.removeBody}</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}

/** A webhook's deliveries, newest first, each with its attempts: status codes, times, the next retry. */
function DeliveryLog({ webhook }: { webhook: WebhookDto }) {
  const { m, dateTime } = useI18n();
  const heading = useId();
  const log = $api.useQuery(
    'get',
    '/api/v1/webhooks/{id}/deliveries',
    { params: { path: { id: webhook.id } } },
    { refetchInterval: 5_000 },
  );
  return (
    <section aria-labelledby={heading}>
      <h2 id={heading}>{m.webhooks.logTitle(webhook.name)}</h2>
      <ErrorMessage error={log.error} />
      {log.isPending ? (
        <Loading />
      ) : log.data?.deliveries.length === 0 ? (
        <p className="empty">{m.webhooks.noDeliveries}</p>
      ) : (
        <div className="table-wrap">
          <table className="webhook-deliveries">
            <thead>
              <tr>
                <th scope="col">{m.webhooks.event}</th>
                <th scope="col">{m.webhooks.deliveryState}</th>
                <th scope="col">{m.webhooks.attempts}</th>
                <th scope="col">{m.webhooks.nextAttempt}</th>
                <th scope="col">{m.webhooks.webhookId}</th>
              </tr>
            </thead>
            <tbody>
              {log.data?.deliveries.map((delivery) => (
                <tr key={delivery.id}>
                  <th scope="row">
                    {eventName(m, delivery.eventType)}
                    <br />
                    <small>{dateTime(delivery.createdAt)}</small>
                  </th>
                  <td>{m.webhooks.deliveryStates[delivery.state as 'pending'] ?? delivery.state}</td>
                  <td>
                    <ol className="attempts">
                      {delivery.attemptLog.map((attempt) => (
                        <li key={attempt.attempt}>
                          {dateTime(attempt.startedAt)}:{' '}
                          {attempt.statusCode !== null
                            ? m.webhooks.answered(attempt.statusCode, attempt.durationMs)
                            : (attempt.error ?? '')}
                          {attempt.responseExcerpt && <q>{attempt.responseExcerpt}</q>}
                        </li>
                      ))}
                    </ol>
                  </td>
                  <td>{delivery.nextAttemptAt ? dateTime(delivery.nextAttemptAt) : '—'}</td>
                  <td>
                    <code>{delivery.id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
