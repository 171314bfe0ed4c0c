import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { MAX_MUTE_DAYS, MUTE_REASONS, brusselsDate, type MuteReason } from '@certdesk/domain';
import { $api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { identityLabel } from './new-requests.js';

type Certificate = components['schemas']['CertificateDto'];
type Mute = components['schemas']['MuteDto'];

const DAY = 86_400_000;
const dayFromToday = (days: number) => brusselsDate(new Date(Date.now() + days * DAY));

/** "Muted until …" as a tag, for the certificate list and the certificate's summary. */
export function MutedTag({ mute }: { mute: Mute | null | undefined }) {
  const { m, date } = useI18n();
  if (!mute) return null;
  return (
    <span className="tag" title={m.mutes.reasons[mute.reason as MuteReason] ?? mute.reason}>
      {m.mutes.mutedUntil(date(mute.endDate))}
    </span>
  );
}

/**
 * The certificate's reminders mute: shown with why, by whom and until when, with Unmute; or the "Mute reminders"
 * form (reason, end date, note, the replacing certificate). Then its history: each earlier mute and why it lapsed.
 */
export function CertificateMute({
  certificate: c,
  editable,
}: {
  certificate: Certificate;
  editable: boolean;
}) {
  const { m, date } = useI18n();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries();
  const history = $api.useQuery('get', '/api/v1/certificates/{id}/mutes', { params: { path: { id: c.id } } });
  const unmute = $api.useMutation('delete', '/api/v1/certificates/{id}/mute', { onSuccess: refresh });
  const mute = c.mute;
  const earlier = (history.data ?? []).filter((entry) => entry.state !== 'in-force');
  return (
    <section aria-labelledby="mute-heading">
      <h2 id="mute-heading">{m.mutes.title}</h2>
      {mute ? (
        <div className="card mute-in-force">
          <p>
            <strong>{m.mutes.mutedUntil(date(mute.endDate))}</strong> ·{' '}
            {m.mutes.reasons[mute.reason as MuteReason]}
            {mute.replacedByCertificateId && (
              <>
                {' '}
                (<Link to={`/certificates/${mute.replacedByCertificateId}`}>{m.mutes.replacement}</Link>)
              </>
            )}
          </p>
          {mute.note && <p className="note">{mute.note}</p>}
          <p className="hint">
            {m.mutes.by(mute.mutedBy?.name ?? m.mutes.someone, date(mute.mutedAt))} {m.mutes.stillListed}
          </p>
          <ErrorMessage error={unmute.error} />
          {editable && (
            <button
              type="button"
              disabled={unmute.isPending}
              onClick={() => unmute.mutate({ params: { path: { id: c.id } } })}
            >
              {m.mutes.unmute}
            </button>
          )}
        </div>
      ) : (
        <>
          <p className="hint">{m.mutes.notMuted}</p>
          {editable && c.state === 'active' && <MuteForm certificate={c} onDone={refresh} />}
        </>
      )}
      {earlier.length > 0 && (
        <>
          <h3>{m.mutes.history}</h3>
          <ul className="mute-history">
            {earlier.map((entry) => (
              <li key={entry.id}>
                {m.mutes.reasons[entry.reason as MuteReason]} ·{' '}
                {m.mutes.setOn(date(entry.mutedAt), date(entry.endDate))} —{' '}
                <strong>{m.mutes.lapses[entry.state as keyof typeof m.mutes.lapses] ?? entry.state}</strong>
                {entry.unmutedBy && ` (${entry.unmutedBy.name})`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

type MuteBody = components['schemas']['MuteInputDto'];

function MuteForm({ certificate: c, onDone }: { certificate: Certificate; onDone(): Promise<unknown> }) {
  const { m } = useI18n();
  const save = $api.useMutation('post', '/api/v1/certificates/{id}/mute', { onSuccess: onDone });
  return (
    <MuteDetails
      summary={m.mutes.mute}
      organisationId={c.organisationId}
      selfId={c.id}
      pending={save.isPending}
      error={save.error}
      onSubmit={(body) => save.mutate({ params: { path: { id: c.id } }, body })}
    />
  );
}

/**
 * The mute form (reason, end date within a year, a note required for "other", the replacing certificate of the
 * organisation for "replaced"), folded under `summary`.
 */
export function MuteDetails({
  summary,
  organisationId,
  selfId,
  pending,
  error,
  onSubmit,
}: {
  summary: string;
  organisationId: string;
  /** The muted certificate, left out of the replacements. */
  selfId?: string;
  pending: boolean;
  error: unknown;
  onSubmit(body: MuteBody): void;
}) {
  const { m } = useI18n();
  const [reason, setReason] = useState<MuteReason>('retired');
  const others = $api.useQuery(
    'get',
    '/api/v1/certificates',
    { params: { query: { organisationId, limit: 200, count: false } } },
    { enabled: reason === 'replaced' },
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const note = String(form.get('note') ?? '').trim();
    const replacement = String(form.get('replacedByCertificateId') ?? '');
    onSubmit({
      reason,
      endDate: String(form.get('endDate')),
      ...(note ? { note } : {}),
      ...(reason === 'replaced' && replacement ? { replacedByCertificateId: replacement } : {}),
    });
  };
  const candidates = (others.data?.items ?? []).filter((other) => other.id !== selfId);
  return (
    <details className="mute-form">
      <summary>{summary}</summary>
      <form className="form" onSubmit={submit}>
        <p className="hint">{m.mutes.intro}</p>
        <label>
          <span>{m.common.reason}</span>
          <select name="reason" value={reason} onChange={(e) => setReason(e.target.value as MuteReason)}>
            {MUTE_REASONS.map((r) => (
              <option key={r} value={r}>
                {m.mutes.reasons[r]}
              </option>
            ))}
          </select>
        </label>
        {reason === 'replaced' && (
          <label>
            <span>{m.mutes.replacedBy}</span>
            <select name="replacedByCertificateId" required defaultValue="">
              <option value="" disabled>
                {m.common.choose}
              </option>
              {candidates.map((other) => (
                <option key={other.id} value={other.id}>
                  {other.ehealth
                    ? identityLabel(
                        other.ehealth.identifierType,
                        other.ehealth.identifierValue,
                        other.ehealth.applicationId,
                      )
                    : other.subject}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{m.mutes.endDate}</span>
          <input
            type="date"
            name="endDate"
            required
            min={dayFromToday(1)}
            max={dayFromToday(MAX_MUTE_DAYS)}
            defaultValue={dayFromToday(30)}
          />
        </label>
        <label>
          <span>{reason === 'other' ? m.mutes.noteRequired : m.common.note}</span>
          <textarea name="note" required={reason === 'other'} maxLength={2000} rows={2} />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" disabled={pending}>
          {m.mutes.submit}
        </button>
      </form>
    </details>
  );
}

type WarningCode = components['schemas']['WarningGroupDto']['code'];
type WarningMute = components['schemas']['WarningMuteDto'];

/** A certificate's warning on the warnings page: "Muted until …" with Unmute, or its Mute form. */
export function WarningMuteCell({
  certificateId,
  organisationId,
  code,
  mute,
  editable,
}: {
  certificateId: string;
  organisationId: string;
  code: WarningCode;
  mute: WarningMute | undefined;
  editable: boolean;
}) {
  const { m, date } = useI18n();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries();
  const path = { params: { path: { id: certificateId, code } } };
  const save = $api.useMutation('post', '/api/v1/certificates/{id}/warnings/{code}/mute', {
    onSuccess: refresh,
  });
  const unmute = $api.useMutation('delete', '/api/v1/certificates/{id}/warnings/{code}/mute', {
    onSuccess: refresh,
  });
  if (mute) {
    return (
      <>
        <span className="tag" title={m.mutes.reasons[mute.reason as MuteReason]}>
          {m.mutes.mutedUntil(date(mute.endDate))}
        </span>
        {mute.organisationWide && <span className="hint"> {m.mutes.organisationWide}</span>}
        {editable && !mute.organisationWide && (
          <>
            {' '}
            <button
              type="button"
              className="link"
              disabled={unmute.isPending}
              onClick={() => unmute.mutate(path)}
            >
              {m.mutes.unmute}
            </button>
          </>
        )}
        <ErrorMessage error={unmute.error} />
      </>
    );
  }
  if (!editable) return <>—</>;
  return (
    <MuteDetails
      summary={m.mutes.muteWarning}
      organisationId={organisationId}
      selfId={certificateId}
      pending={save.isPending}
      error={save.error}
      onSubmit={(body) => save.mutate({ ...path, body })}
    />
  );
}

/** A whole warning group of an organisation muted by its code: every such warning of the organisation is marked. */
export function OrganisationWarningMute({
  organisationId,
  code,
  muted,
}: {
  organisationId: string;
  code: WarningCode;
  /** The organisation-wide mute in force, as the group's warnings carry it. */
  muted: WarningMute | undefined;
}) {
  const { m, date } = useI18n();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries();
  const path = { params: { path: { id: organisationId, code } } };
  const save = $api.useMutation('post', '/api/v1/organisations/{id}/warnings/{code}/mute', {
    onSuccess: refresh,
  });
  const unmute = $api.useMutation('delete', '/api/v1/organisations/{id}/warnings/{code}/mute', {
    onSuccess: refresh,
  });
  if (muted) {
    return (
      <p>
        <span className="tag">{m.mutes.mutedUntil(date(muted.endDate))}</span>{' '}
        {m.mutes.reasons[muted.reason as MuteReason]}{' '}
        <button
          type="button"
          className="link"
          disabled={unmute.isPending}
          onClick={() => unmute.mutate(path)}
        >
          {m.mutes.unmuteForOrganisation}
        </button>
        <ErrorMessage error={unmute.error} />
      </p>
    );
  }
  return (
    <MuteDetails
      summary={m.mutes.muteForOrganisation}
      organisationId={organisationId}
      pending={save.isPending}
      error={save.error}
      onSubmit={(body) => save.mutate({ ...path, body })}
    />
  );
}

/** The overview's muted section: how many mutes are in force, those ending soonest, so none is forgotten. */
export function MutesInForce() {
  const { m, date, number } = useI18n();
  const mutes = $api.useQuery('get', '/api/v1/mutes');
  return (
    <section aria-labelledby="mutes-heading">
      <h2 id="mutes-heading">{m.mutes.overviewTitle}</h2>
      <ErrorMessage error={mutes.error} />
      {mutes.data &&
        (mutes.data.total === 0 ? (
          <p className="hint">{m.mutes.noneInForce}</p>
        ) : (
          <>
            <p>{m.mutes.inForce(number(mutes.data.total))}</p>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{m.mutes.certificate}</th>
                  <th scope="col">{m.common.reason}</th>
                  <th scope="col">{m.mutes.endDate}</th>
                  <th scope="col">{m.mutes.mutedBy}</th>
                </tr>
              </thead>
              <tbody>
                {mutes.data.mutes.map((entry) => (
                  <tr key={entry.id}>
                    <td>
                      {entry.certificateId && entry.certificate ? (
                        <Link to={`/certificates/${entry.certificateId}`}>
                          {entry.certificate.identifierType && entry.certificate.identifierValue
                            ? identityLabel(
                                entry.certificate.identifierType,
                                entry.certificate.identifierValue,
                                entry.certificate.applicationId,
                              )
                            : entry.certificateId}
                        </Link>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>{m.mutes.reasons[entry.reason as MuteReason] ?? entry.reason}</td>
                    <td>{date(entry.endDate)}</td>
                    <td>{entry.mutedBy?.name ?? m.mutes.someone}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ))}
    </section>
  );
}
