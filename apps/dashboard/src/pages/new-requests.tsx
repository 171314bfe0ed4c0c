import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { $api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { OrganisationSelect } from '../ui/organisation-select.js';
import { IdentifierTypeSelect } from '../ui/identifier-type-select.js';

export type NewRequest = components['schemas']['NewRequestDto'];

/** `TYPE=value · APPLICATION`, as the certificate pages write an identity. */
export function identityLabel(
  type: string | null | undefined,
  value: string | null | undefined,
  applicationId: string | null | undefined,
): string {
  if (!type) return '—';
  return `${type}=${value}${applicationId ? ` · ${applicationId}` : ''}`;
}

/** After a lifecycle change every view reloads: the certificate, the lists, the audit. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}

/**
 * Records that a new certificate was requested with the eHealth tool: for a certificate that can no longer be renewed
 * (`replaces`: its identity is the request's), or for any identifier and application ID of an organisation.
 */
export function NewRequestForm({
  organisations,
  replaces,
  onDone,
  onCancel,
}: {
  /** The organisations to choose from, when the request replaces no certificate. */
  organisations?: { id: string; name: string }[];
  replaces?: {
    id: string;
    organisationId: string;
    identifierType: string;
    identifierValue: string;
    applicationId: string | null;
  };
  onDone?(): void;
  onCancel?(): void;
}) {
  const { m } = useI18n();
  const refresh = useRefresh();
  const open = $api.useMutation('post', '/api/v1/new-requests', {
    onSuccess: async () => {
      await refresh();
      onDone?.();
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const note = text('note');
    const applicationId = replaces ? (replaces.applicationId ?? '') : text('applicationId');
    open.mutate({
      body: {
        organisationId: replaces?.organisationId ?? text('organisationId'),
        identifierType: replaces?.identifierType ?? text('identifierType'),
        identifierValue: replaces?.identifierValue ?? text('identifierValue'),
        ...(applicationId ? { applicationId } : {}),
        ...(replaces ? { replacesCertificateId: replaces.id } : {}),
        ...(note ? { note } : {}),
      },
    });
  };
  return (
    <form className="form" onSubmit={submit} aria-label={m.newRequests.open}>
      {replaces ? (
        <p>
          {m.newRequests.forIdentity(
            identityLabel(replaces.identifierType, replaces.identifierValue, replaces.applicationId),
          )}
        </p>
      ) : (
        <>
          <OrganisationSelect
            label={m.certificates.organisation}
            name="organisationId"
            required
            defaultValue={organisations?.length === 1 ? organisations[0]!.id : ''}
            organisations={organisations ?? []}
            choose
          />
          <label>
            <span>{m.newRequests.identifierType}</span>
            <IdentifierTypeSelect name="identifierType" />
          </label>
          <label>
            <span>{m.newRequests.identifierValue}</span>
            <input name="identifierValue" required inputMode="numeric" autoComplete="off" />
          </label>
          <label>
            <span>{m.newRequests.applicationId}</span>
            <input
              name="applicationId"
              maxLength={30}
              autoComplete="off"
              aria-describedby="application-id-hint"
            />
            <small id="application-id-hint" className="hint">
              {m.newRequests.applicationIdHint}
            </small>
          </label>
        </>
      )}
      <label>
        <span>{m.common.note}</span>
        <input name="note" />
      </label>
      <p className="hint">{m.newRequests.recordOnly}</p>
      <ErrorMessage error={open.error} />
      <div className="buttons">
        <button type="submit" disabled={open.isPending}>
          {m.newRequests.submit}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {m.common.cancel}
          </button>
        )}
      </div>
    </form>
  );
}

/** The certificates of the organisation that a request may have produced: the same identity, active. */
function useProducedCandidates(request: NewRequest, enabled: boolean) {
  const list = $api.useQuery(
    'get',
    '/api/v1/certificates',
    {
      params: {
        query: {
          organisationId: request.organisationId,
          q: request.identifierValue,
          limit: 100,
          count: false,
        },
      },
    },
    { enabled },
  );
  return (list.data?.items ?? []).filter(
    (c) =>
      c.ehealth?.identifierType === request.identifierType &&
      c.ehealth.identifierValue === request.identifierValue &&
      (c.ehealth.applicationId ?? null) === (request.applicationId ?? null) &&
      c.id !== request.replacesCertificateId,
  );
}

/** Closes an open request: completed (with the certificate it produced, once imported) or abandoned, with a reason. */
export function CloseNewRequest({ request }: { request: NewRequest }) {
  const { m, date } = useI18n();
  const refresh = useRefresh();
  const [choice, setChoice] = useState<'complete' | 'abandon' | null>(null);
  const candidates = useProducedCandidates(request, choice === 'complete');
  const complete = $api.useMutation('post', '/api/v1/new-requests/{id}/complete', { onSuccess: refresh });
  const abandon = $api.useMutation('post', '/api/v1/new-requests/{id}/abandon', { onSuccess: refresh });
  const label = identityLabel(request.identifierType, request.identifierValue, request.applicationId);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const path = { params: { path: { id: request.id } } };
    if (choice === 'complete') {
      const certificateId = text('certificateId');
      const note = text('note');
      complete.mutate({
        ...path,
        body: { ...(certificateId ? { certificateId } : {}), ...(note ? { note } : {}) },
      });
    } else if (text('reason')) abandon.mutate({ ...path, body: { reason: text('reason') } });
  };
  if (!choice) {
    return (
      <div className="buttons">
        <button type="button" className="secondary" onClick={() => setChoice('complete')}>
          {m.newRequests.complete}
        </button>
        <button type="button" className="secondary" onClick={() => setChoice('abandon')}>
          {m.newRequests.abandon}
        </button>
      </div>
    );
  }
  return (
    <form
      className="form"
      onSubmit={submit}
      aria-label={choice === 'complete' ? m.newRequests.completeOf(label) : m.newRequests.abandonOf(label)}
    >
      {choice === 'complete' ? (
        <>
          <label>
            <span>{m.newRequests.producedCertificate}</span>
            <select name="certificateId" defaultValue="">
              <option value="">{m.newRequests.notImportedYet}</option>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {m.newRequests.candidate(
                    identityLabel(
                      c.ehealth?.identifierType,
                      c.ehealth?.identifierValue,
                      c.ehealth?.applicationId,
                    ),
                    date(c.notAfter),
                  )}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{m.common.note}</span>
            <input name="note" />
          </label>
        </>
      ) : (
        <label>
          <span>{m.common.reason}</span>
          <input name="reason" required />
        </label>
      )}
      <ErrorMessage error={complete.error ?? abandon.error} />
      <div className="buttons">
        <button
          type="submit"
          className={choice === 'abandon' ? 'danger' : undefined}
          disabled={complete.isPending || abandon.isPending}
        >
          {choice === 'complete' ? m.newRequests.completeSubmit : m.newRequests.abandonSubmit}
        </button>
        <button type="button" className="secondary" onClick={() => setChoice(null)}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}

/** One request as a line of facts: whom it is for, its state, who asked and when, what it replaces or produced. */
export function NewRequestSummary({
  request,
  showIdentity = true,
}: {
  request: NewRequest;
  showIdentity?: boolean;
}) {
  const { m, date } = useI18n();
  const opened = request.steps[0];
  const closed = request.state !== 'requested' ? request.steps.at(-1) : undefined;
  return (
    <>
      {showIdentity && (
        <strong>
          {identityLabel(request.identifierType, request.identifierValue, request.applicationId)}{' '}
        </strong>
      )}
      <span className={`badge request-${request.state}`}>{m.newRequests.states[request.state]}</span>{' '}
      <span className="muted">
        {m.newRequests.requestedOn(date(request.requestedAt), opened?.by ?? null)}
        {closed && request.state === 'abandoned' && closed.note
          ? ` · ${m.newRequests.abandonedBecause(closed.note)}`
          : ''}
      </span>
      {request.note && (
        <>
          <br />
          <q className="muted">{request.note}</q>
        </>
      )}
      {request.completedCertificateId && (
        <>
          {' · '}
          <Link to={`/certificates/${request.completedCertificateId}`}>{m.newRequests.seeProduced}</Link>
        </>
      )}
    </>
  );
}
