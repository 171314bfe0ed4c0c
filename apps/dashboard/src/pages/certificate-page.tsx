import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import {
  CERTIFICATE_USAGES,
  RENEWAL_PHASES,
  REVOCATION_REASONS,
  brusselsDate,
  renewableFrom,
  type CertificateUsage,
  type RevocationReason,
} from '@certdesk/domain';
import { $api } from '../api/client.js';
import type { CertificateDetail, CertificateRenewalCase } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import { DaysLeft, StatusBadge } from '../ui/status-badge.js';
import { AuditTable } from './audit-page.js';
import { CloseNewRequest, identityLabel, NewRequestForm, NewRequestSummary } from './new-requests.js';
import { RemindersTable } from './reminders.js';
import { CertificateEtkPublication } from './etk-directory.js';
import { CardCheck } from '../card-bridge/card-check.js';
import { KeystoreCustodyCheck } from '../card-bridge/keystore-custody-check.js';
import { CustodyHistory } from './custody-history.js';
import { CertificateLabels } from './labels.js';
import { CertificateCutOver } from './cut-over.js';
import { CertificateMute, MutedTag } from './mute.js';
import { CertificateReadiness } from './readiness.js';
import { EvidenceDownload } from './evidence-download.js';
import { PRELOADED_FRESH_MS } from '../page-data.js';
import { certificateRequest } from './certificates-query.js';

/** After any change on this page, every view of certificates (this one, the table, the audit) reloads. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}

export function CertificatePage() {
  const { id = '' } = useParams();
  const { m } = useI18n();
  // Its request may have left before the page rendered (page-data.ts): taken as it is, not asked again.
  const detail = $api.useQuery('get', '/api/v1/certificates/{id}', certificateRequest(id), {
    staleTime: PRELOADED_FRESH_MS,
  });
  if (detail.isPending) return <Loading />;
  if (!detail.data) {
    return (
      <Page title={m.certificate.title}>
        <ErrorMessage error={detail.error} />
      </Page>
    );
  }
  return <CertificateView certificate={detail.data} />;
}

/** The certificate's identity as its title and the confirmations name it: `TYPE=value · APPLICATION`. */
function certificateLabel(c: CertificateDetail): string {
  return c.ehealth
    ? identityLabel(c.ehealth.identifierType, c.ehealth.identifierValue, c.ehealth.applicationId)
    : c.subject;
}

function CertificateView({ certificate: c }: { certificate: CertificateDetail }) {
  const { m } = useI18n();
  const session = useSession();
  const may = (permission: string) => session.can(permission, c.organisationId);
  const revoked = c.state === 'revoked';
  return (
    <Page title={`${m.certificate.title} ${certificateLabel(c)}`}>
      <p className="summary">
        <StatusBadge status={c.status} /> <DaysLeft days={c.daysLeft} notAfter={c.notAfter} />{' '}
        <MutedTag mute={c.mute} />
        {c.state !== 'active' && (
          <span className={revoked ? 'tag warning' : 'tag'}> {m.certificateStates[c.state]}</span>
        )}
        {' · '}
        <Link to={`/organisations/${c.organisationId}`}>{c.organisationName}</Link>
      </p>
      <CertificateReadiness certificate={c} editable={may('certificate.update')} />
      <div className="grid">
        <Identity certificate={c} />
        <CertificateLabels certificate={c} editable={may('certificate.update')} />
        <Keystore certificate={c} editable={may('certificate.update') && !revoked} />
        <Manager certificate={c} editable={may('certificate.reassign-manager') && !revoked} />
        <CertificateEtkPublication organisationId={c.organisationId} certificateId={c.id} />
      </div>
      <RenewalChecklist certificate={c} editable={may('certificate.lifecycle')} />
      <NewRequests certificate={c} editable={may('certificate.lifecycle')} />
      {/* A revoked certificate is used nowhere any more: its systems stay listed, no longer edited. */}
      <Deployments certificate={c} editable={may('certificate.update') && !revoked} />
      <CertificateCutOver certificateId={c.id} mayOverride={may('cut-over.override')} />
      <PasswordChange certificate={c} editable={may('certificate.lifecycle') && !revoked} />
      {c.state === 'active' && (
        <section aria-labelledby="custody-heading">
          <h2 id="custody-heading">{m.custodyCheck.title}</h2>
          <CustodyHistory certificateId={c.id} />
          <KeystoreCustodyCheck certificate={c} />
        </section>
      )}
      {may('certificate.lifecycle') && !revoked && <Revoke certificate={c} />}
      <CertificateMute certificate={c} editable={may('certificate.mute')} />
      <RemindersSent certificateId={c.id} />
      <Lifecycle certificate={c} />
      {may('evidence.certificate') && <EvidenceDownload scope="certificate" id={c.id} />}
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">{m.certificate.auditTrail}</h2>
        <AuditTable events={c.audit} />
      </section>
    </Page>
  );
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

function Identity({ certificate: c }: { certificate: CertificateDetail }) {
  const { m, date } = useI18n();
  return (
    <section className="card" aria-labelledby="identity-heading">
      <h2 id="identity-heading">{m.certificate.identity}</h2>
      <Facts
        rows={[
          [
            m.certificates.identifier,
            c.ehealth ? `${c.ehealth.identifierType}=${c.ehealth.identifierValue}` : '—',
          ],
          [m.certificate.applicationId, c.ehealth?.applicationId ?? '—'],
          [m.certificates.holder, c.ehealth?.holderName ?? '—'],
          [m.certificates.environment, m.environments[c.ehealth?.environment ?? 'unknown']],
          [m.certificate.subject, <code key="s">{c.subject}</code>],
          [m.certificate.issuer, <code key="i">{c.issuer}</code>],
          [m.certificate.serialNumber, <code key="n">{c.serialNumber}</code>],
          [
            m.certificate.fingerprint,
            <code key="f" className="wrap">
              {c.sha256Fingerprint}
            </code>,
          ],
          [m.certificate.validity, `${date(c.notBefore)} – ${date(c.notAfter)}`],
          [
            m.certificate.usages,
            c.usages.length ? c.usages.map((u) => m.usages[u as keyof typeof m.usages] ?? u).join(', ') : '—',
          ],
        ]}
      />
    </section>
  );
}

function Keystore({ certificate: c, editable }: { certificate: CertificateDetail; editable: boolean }) {
  const { m } = useI18n();
  const refresh = useRefresh();
  const [editing, setEditing] = useState(false);
  const people = $api.useQuery(
    'get',
    '/api/v1/people',
    { params: { query: { organisationId: c.organisationId } } },
    { enabled: editing },
  );
  const update = $api.useMutation('patch', '/api/v1/certificates/{id}', {
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    update.mutate({
      params: { path: { id: c.id } },
      body: {
        keystore: text('fileName')
          ? { fileName: text('fileName'), host: text('host') || null, path: text('path') || null }
          : null,
        passwordCustodianId: text('custodian') || null,
      },
    });
  };
  return (
    <section className="card" aria-labelledby="keystore-heading">
      <h2 id="keystore-heading">{m.certificate.keystore}</h2>
      {!editing ? (
        <>
          <Facts
            rows={[
              [m.certificate.keystoreFile, c.keystore?.fileName ?? m.certificate.keystoreUnknown],
              [m.certificate.keystoreHost, c.keystore?.host ?? '—'],
              [m.certificate.keystorePath, c.keystore?.path ?? '—'],
              [
                m.certificate.keystoreEncryption,
                c.keystore?.encryption ? m.encryption[c.keystore.encryption] : '—',
              ],
              [m.certificate.passwordCustodian, c.passwordCustodian?.name ?? m.certificate.nobodyKnown],
            ]}
          />
          {editable && (
            <button type="button" className="secondary" onClick={() => setEditing(true)}>
              {m.certificate.editKeystore}
            </button>
          )}
        </>
      ) : (
        <form className="form" onSubmit={submit}>
          <label>
            <span>{m.certificate.keystoreFile}</span>
            <input name="fileName" defaultValue={c.keystore?.fileName ?? ''} />
          </label>
          <label>
            <span>{m.certificate.keystoreHost}</span>
            <input name="host" defaultValue={c.keystore?.host ?? ''} />
          </label>
          <label>
            <span>{m.certificate.keystorePath}</span>
            <input name="path" defaultValue={c.keystore?.path ?? ''} />
          </label>
          <label>
            <span>{m.certificate.passwordCustodian}</span>
            <select name="custodian" defaultValue={c.passwordCustodian?.id ?? ''}>
              <option value="">{m.certificate.nobodyKnown}</option>
              {people.data?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <p className="hint">{m.certificate.passwordNeverStored}</p>
          <ErrorMessage error={update.error} />
          <div className="buttons">
            <button type="submit" disabled={update.isPending}>
              {m.common.save}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              {m.common.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function Manager({ certificate: c, editable }: { certificate: CertificateDetail; editable: boolean }) {
  const { m } = useI18n();
  const refresh = useRefresh();
  const [editing, setEditing] = useState(false);
  const managers = $api.useQuery(
    'get',
    '/api/v1/people',
    { params: { query: { organisationId: c.organisationId } } },
    { enabled: editing },
  );
  const reassign = $api.useMutation('put', '/api/v1/certificates/{id}/manager', {
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const note = String(form.get('note') ?? '').trim();
    reassign.mutate({
      params: { path: { id: c.id } },
      body: { managerId: String(form.get('managerId')), ...(note ? { note } : {}) },
    });
  };
  const candidates = (managers.data ?? []).filter((p) =>
    p.memberships.some((ms) => ms.organisationId === c.organisationId && ms.employed),
  );
  return (
    <section className="card" aria-labelledby="manager-heading">
      <h2 id="manager-heading">{m.certificate.manager}</h2>
      <Facts
        rows={[
          [
            m.certificates.manager,
            c.manager ? (
              <>
                {c.manager.name}
                {!c.manager.employed && <span className="tag warning"> {m.certificate.hasLeft}</span>}
              </>
            ) : (
              m.certificate.noManager
            ),
          ],
        ]}
      />
      {editable && !editing && (
        <button type="button" className="secondary" onClick={() => setEditing(true)}>
          {m.certificate.changeManager}
        </button>
      )}
      {editing && (
        <form className="form" onSubmit={submit}>
          <label>
            <span>{m.certificate.newManager}</span>
            <select name="managerId" required defaultValue="">
              <option value="" disabled>
                {m.common.choose}
              </option>
              {candidates.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{m.common.note}</span>
            <input name="note" />
          </label>
          <ErrorMessage error={reassign.error} />
          <div className="buttons">
            <button type="submit" disabled={reassign.isPending}>
              {m.common.save}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              {m.common.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/**
 * The phases as the api records them (libs/domain RENEWAL_PHASES), each with what it means in the eHealth tool. Only
 * what the api accepts is offered: a renewal starts in the renewable window; before it, the page says from when; an
 * expired, revoked or renewed certificate is not renewed at all (a new request replaces the first two).
 */
function RenewalChecklist({
  certificate: c,
  editable,
}: {
  certificate: CertificateDetail;
  editable: boolean;
}) {
  const { m, dateTime, date } = useI18n();
  const refresh = useRefresh();
  const open = c.lifecycle.renewals.find((r) => r.open);
  const latest = open ?? c.lifecycle.renewals[0];
  const reached = (state: string, renewal: CertificateRenewalCase | undefined) =>
    renewal?.steps.find((s) => s.state === state);
  const onSuccess = refresh;
  const start = $api.useMutation('post', '/api/v1/certificates/{id}/renewals', { onSuccess });
  const complete = $api.useMutation('post', '/api/v1/renewals/{caseId}/complete', { onSuccess });
  const activate = $api.useMutation('post', '/api/v1/renewals/{caseId}/activate-etk', { onSuccess });
  const deployed = $api.useMutation('post', '/api/v1/renewals/{caseId}/deployments-updated', { onSuccess });
  const abandon = $api.useMutation('post', '/api/v1/renewals/{caseId}/abandon', { onSuccess });
  const [usages, setUsages] = useState<CertificateUsage[]>([]);
  const error = start.error ?? complete.error ?? activate.error ?? deployed.error ?? abandon.error;
  const busy = start.isPending || complete.isPending || activate.isPending || deployed.isPending;

  const record = (state: string) => {
    if (state === 'phase1-sent') {
      start.mutate({
        params: { path: { id: c.id } },
        body: { usages },
      });
    } else if (open) {
      const call = { params: { path: { caseId: open.id } }, body: {} };
      if (state === 'phase2-completed') complete.mutate(call);
      else if (state === 'phase3-etk-activated') activate.mutate(call);
      else if (state === 'deployments-updated') deployed.mutate(call);
    }
  };

  // Without an open renewal, why none can start (or none is needed) comes before the checklist.
  const notice = open
    ? null
    : c.state === 'revoked'
      ? m.renewal.revoked
      : c.state === 'superseded'
        ? m.renewal.superseded
        : c.status === 'expired'
          ? m.renewal.expired(date(c.notAfter))
          : null;
  const finished = latest?.state === 'deployments-updated' ? latest : undefined;
  // An open case goes on from its first missing step; otherwise phase 1, once the certificate is renewable.
  const nextState = open
    ? RENEWAL_PHASES.find((p) => !reached(p.state, open))?.state
    : notice === null && !finished
      ? 'phase1-sent'
      : undefined;
  const waitsForWindow = !open && c.status !== 'renewable';

  return (
    <section aria-labelledby="renewal-heading">
      <h2 id="renewal-heading">{m.renewal.title}</h2>
      {notice ? (
        <p className="notice" data-testid="renewal-notice">
          {notice}{' '}
          {c.state === 'superseded' && c.supersededById && (
            <Link to={`/certificates/${c.supersededById}`}>{m.renewal.seeRenewed}</Link>
          )}
          {c.state !== 'superseded' && <a href="#new-request-heading">{m.renewal.toNewRequest}</a>}
        </p>
      ) : (
        <p className="hint">{m.renewal.intro}</p>
      )}
      {latest && latest.state === 'abandoned' && !open && (
        <p className="tag">{m.renewal.abandoned(latest.abandonReason ?? '')}</p>
      )}
      {(!notice || finished) && (
        <ol className="checklist">
          {RENEWAL_PHASES.map((phase) => {
            const step = reached(phase.state, open ?? finished);
            const isNext = phase.state === nextState;
            return (
              <li
                key={phase.state}
                className={step ? 'done' : isNext ? 'next' : 'todo'}
                data-phase={phase.phase}
              >
                <div className="phase-head">
                  <span className="phase-mark" aria-hidden="true">
                    {step ? '✓' : phase.phase}
                  </span>
                  <h3>
                    {m.renewal.phaseTitle(phase.phase, m.renewal.phases[phase.state].title)}
                    <span className="visually-hidden">
                      {' '}
                      ({step ? m.renewal.stepDone : isNext ? m.renewal.stepNext : m.renewal.stepTodo})
                    </span>
                  </h3>
                </div>
                <p>{m.renewal.phases[phase.state].whatItMeans}</p>
                {step && <p className="muted">{m.renewal.recordedBy(step.by, dateTime(step.at))}</p>}
                {isNext && phase.state === 'phase1-sent' && waitsForWindow && (
                  <p className="renewable-from">
                    <strong>{m.renewal.renewableFrom(date(renewableFrom(new Date(c.notAfter))))}</strong>
                  </p>
                )}
                {editable && isNext && !(phase.state === 'phase1-sent' && waitsForWindow) && (
                  <>
                    {phase.state === 'phase1-sent' && (
                      <fieldset className="usages">
                        <legend>{m.renewal.usagesTicked}</legend>
                        {CERTIFICATE_USAGES.map((u) => (
                          <label key={u} className="check">
                            <input
                              type="checkbox"
                              checked={usages.includes(u)}
                              onChange={(e) =>
                                setUsages((list) =>
                                  e.target.checked ? [...list, u] : list.filter((x) => x !== u),
                                )
                              }
                            />
                            {m.usages[u]}
                          </label>
                        ))}
                      </fieldset>
                    )}
                    <button type="button" disabled={busy} onClick={() => record(phase.state)}>
                      {m.renewal.record[phase.state]}
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {editable && nextState && !(nextState === 'phase1-sent' && waitsForWindow) && (
        <details className="card-check-before">
          <summary>{m.cardCheck.title}</summary>
          <p className="hint">{m.cardCheck.beforeRenewal}</p>
          {/* The card must still sign when the window closes: at the certificate's own notAfter. */}
          <CardCheck mustStayValidUntil={c.notAfter} />
        </details>
      )}
      <ErrorMessage error={error} />
      {editable && open && (
        <AbandonRenewal
          onAbandon={(reason) => abandon.mutate({ params: { path: { caseId: open.id } }, body: { reason } })}
        />
      )}
    </section>
  );
}

/**
 * The requests for a new certificate that replace this one (after expiry or revocation) or produced it. When the
 * certificate can no longer be renewed and no request replaces it yet, the form to record one.
 */
function NewRequests({ certificate: c, editable }: { certificate: CertificateDetail; editable: boolean }) {
  const { m } = useI18n();
  const [opening, setOpening] = useState(false);
  const requests = c.lifecycle.newRequests;
  const openReplacing = requests.find((r) => r.state === 'requested' && r.replacesCertificateId === c.id);
  const replaceable =
    c.ehealth !== null && (c.state === 'revoked' || (c.state === 'active' && c.status === 'expired'));
  if (requests.length === 0 && !replaceable) return null;
  return (
    <section aria-labelledby="new-request-heading">
      <h2 id="new-request-heading" tabIndex={-1}>
        {m.newRequests.forCertificate}
      </h2>
      {requests.length > 0 && (
        <ul className="plain requests">
          {requests.map((r) => (
            <li key={r.id} data-state={r.state}>
              <p>
                {r.completedCertificateId === c.id ? m.newRequests.producedThis : m.newRequests.replacesThis}{' '}
                <NewRequestSummary request={r} />
              </p>
              {editable && r.state === 'requested' && <CloseNewRequest request={r} />}
            </li>
          ))}
        </ul>
      )}
      {editable && replaceable && !openReplacing && c.ehealth && (
        <>
          <p className="hint">{m.newRequests.whyForCertificate}</p>
          {opening ? (
            <NewRequestForm
              replaces={{
                id: c.id,
                organisationId: c.organisationId,
                identifierType: c.ehealth.identifierType,
                identifierValue: c.ehealth.identifierValue,
                applicationId: c.ehealth.applicationId,
              }}
              onDone={() => setOpening(false)}
              onCancel={() => setOpening(false)}
            />
          ) : (
            <button type="button" onClick={() => setOpening(true)}>
              {m.newRequests.requestNew}
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** Records that the keystore's password was changed with the eHealth tool: when, and who knows it now. */
function PasswordChange({ certificate: c, editable }: { certificate: CertificateDetail; editable: boolean }) {
  const { m, date } = useI18n();
  const refresh = useRefresh();
  const [editing, setEditing] = useState(false);
  const people = $api.useQuery(
    'get',
    '/api/v1/people',
    { params: { query: { organisationId: c.organisationId } } },
    { enabled: editing },
  );
  const record = $api.useMutation('post', '/api/v1/certificates/{id}/password-changes', {
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const latest = c.lifecycle.passwordChanges[0];
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    record.mutate({
      params: { path: { id: c.id } },
      body: {
        changedOn: text('changedOn'),
        ...(text('custodianId') ? { custodianId: text('custodianId') } : {}),
        ...(text('note') ? { note: text('note') } : {}),
      },
    });
  };
  const stillThere = (people.data ?? []).filter((p) =>
    p.memberships.some((ms) => ms.organisationId === c.organisationId && ms.employed),
  );
  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading">{m.passwordChange.title}</h2>
      <p>
        {latest
          ? m.passwordChange.lastChanged(date(latest.changedOn), latest.custodian?.name ?? null)
          : m.passwordChange.neverRecorded}
      </p>
      {editable && !editing && (
        <button type="button" className="secondary" onClick={() => setEditing(true)}>
          {m.passwordChange.record}
        </button>
      )}
      {editing && (
        <form className="form" onSubmit={submit} aria-label={m.passwordChange.record}>
          <p className="hint">{m.passwordChange.intro}</p>
          <label>
            <span>{m.passwordChange.changedOn}</span>
            <input
              type="date"
              name="changedOn"
              required
              max={brusselsDate(new Date())}
              defaultValue={brusselsDate(new Date())}
            />
          </label>
          <label>
            <span>{m.passwordChange.custodian}</span>
            <select name="custodianId" defaultValue={c.passwordCustodian?.id ?? ''}>
              <option value="">{m.certificate.nobodyKnown}</option>
              {stillThere.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{m.common.note}</span>
            <input name="note" />
          </label>
          <ErrorMessage error={record.error} />
          <div className="buttons">
            <button type="submit" disabled={record.isPending}>
              {m.passwordChange.submit}
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              {m.common.cancel}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function AbandonRenewal({ onAbandon }: { onAbandon(reason: string): void }) {
  const { m } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <details className="abandon">
      <summary>{m.renewal.abandon}</summary>
      <form
        className="form inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) onAbandon(reason.trim());
        }}
      >
        <label>
          <span>{m.common.reason}</span>
          <input value={reason} required onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" className="danger">
          {m.renewal.abandon}
        </button>
      </form>
    </details>
  );
}

interface DeploymentFields {
  software: string;
  integrator: string | null;
  contactEmail: string | null;
  notes: string;
}

/** The fields of a system that uses the certificate: to add one, or to edit one in place. */
function DeploymentForm({
  initial,
  label,
  busy,
  onSave,
  onCancel,
}: {
  initial?: DeploymentFields;
  label: string;
  busy: boolean;
  onSave(fields: DeploymentFields, form: HTMLFormElement): void;
  onCancel?(): void;
}) {
  const { m } = useI18n();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    onSave(
      {
        software: text('software'),
        integrator: text('integrator') || null,
        contactEmail: text('contactEmail') || null,
        notes: text('notes'),
      },
      formElement,
    );
  };
  return (
    <form className="form inline" onSubmit={submit} aria-label={label}>
      <label>
        <span>{m.certificate.software}</span>
        <input name="software" required defaultValue={initial?.software} />
      </label>
      <label>
        <span>{m.certificate.integrator}</span>
        <input name="integrator" defaultValue={initial?.integrator ?? ''} />
      </label>
      <label>
        <span>{m.certificate.contactEmail}</span>
        <input name="contactEmail" type="email" defaultValue={initial?.contactEmail ?? ''} />
      </label>
      <label>
        <span>{m.common.note}</span>
        <input name="notes" defaultValue={initial?.notes} />
      </label>
      <button type="submit" disabled={busy}>
        {initial ? m.common.save : label}
      </button>
      {onCancel && (
        <button type="button" className="secondary" onClick={onCancel}>
          {m.common.cancel}
        </button>
      )}
    </form>
  );
}

function Deployments({ certificate: c, editable }: { certificate: CertificateDetail; editable: boolean }) {
  const { m } = useI18n();
  const refresh = useRefresh();
  const [editing, setEditing] = useState<string | null>(null);
  const add = $api.useMutation('post', '/api/v1/certificates/{id}/deployments', { onSuccess: refresh });
  const update = $api.useMutation('patch', '/api/v1/deployments/{id}', {
    onSuccess: async () => {
      setEditing(null);
      await refresh();
    },
  });
  const remove = $api.useMutation('delete', '/api/v1/deployments/{id}', { onSuccess: refresh });
  const columns = editable ? 5 : 4;
  return (
    <section aria-labelledby="deployments-heading">
      <h2 id="deployments-heading">{m.certificate.deployments}</h2>
      {c.deployments.length === 0 ? (
        <p className="empty">{m.certificate.noDeployments}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{m.certificate.software}</th>
              <th scope="col">{m.certificate.integrator}</th>
              <th scope="col">{m.certificate.contactEmail}</th>
              <th scope="col">{m.common.note}</th>
              {editable && (
                <th scope="col">
                  <span className="visually-hidden">{m.common.actions}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {c.deployments.map((d) =>
              editing === d.id ? (
                <tr key={d.id}>
                  <td colSpan={columns}>
                    <DeploymentForm
                      initial={d}
                      label={m.certificate.editDeployment(d.software)}
                      busy={update.isPending}
                      onSave={(fields) => update.mutate({ params: { path: { id: d.id } }, body: fields })}
                      onCancel={() => setEditing(null)}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={d.id}>
                  <th scope="row">{d.software}</th>
                  <td>{d.integrator ?? '—'}</td>
                  <td>{d.contactEmail ?? '—'}</td>
                  <td>{d.notes || '—'}</td>
                  {editable && (
                    <td className="buttons">
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => setEditing(d.id)}
                        aria-label={m.certificate.editDeployment(d.software)}
                      >
                        {m.common.edit}
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => remove.mutate({ params: { path: { id: d.id } } })}
                        aria-label={m.certificate.removeDeployment(d.software)}
                      >
                        {m.common.remove}
                      </button>
                    </td>
                  )}
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {editable && (
        <DeploymentForm
          label={m.certificate.addDeployment}
          busy={add.isPending}
          onSave={(fields, form) =>
            add.mutate(
              {
                params: { path: { id: c.id } },
                body: {
                  software: fields.software,
                  notes: fields.notes,
                  ...(fields.integrator ? { integrator: fields.integrator } : {}),
                  ...(fields.contactEmail ? { contactEmail: fields.contactEmail } : {}),
                },
              },
              { onSuccess: () => form.reset() },
            )
          }
        />
      )}
      <ErrorMessage error={add.error ?? update.error ?? remove.error} />
    </section>
  );
}

/** Records a revocation made with eHealth, after a confirmation that names it and says it cannot be undone. */
function Revoke({ certificate: c }: { certificate: CertificateDetail }) {
  const { m, date } = useI18n();
  const refresh = useRefresh();
  const [reason, setReason] = useState<RevocationReason>('replaced');
  const [pending, setPending] = useState<{
    revokedOn: string;
    note: string;
    openNewRequest: boolean;
  } | null>(null);
  const revoke = $api.useMutation('post', '/api/v1/certificates/{id}/revoke', {
    onSuccess: async () => {
      setPending(null);
      await refresh();
    },
    onError: () => setPending(null),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending({
      revokedOn: String(form.get('revokedOn')),
      note: String(form.get('note') ?? '').trim(),
      openNewRequest: form.get('openNewRequest') === 'on',
    });
  };
  const confirm = () => {
    if (!pending) return;
    revoke.mutate({
      params: { path: { id: c.id } },
      body: {
        reason,
        revokedOn: pending.revokedOn,
        openNewRequest: pending.openNewRequest,
        ...(pending.note ? { note: pending.note } : {}),
      },
    });
  };
  return (
    <section aria-labelledby="revoke-heading">
      <details className="revoke">
        <summary>
          <h2 id="revoke-heading">{m.revoke.title}</h2>
        </summary>
        <form className="form" onSubmit={submit}>
          <p className="hint">{m.revoke.intro}</p>
          <label>
            <span>{m.common.reason}</span>
            <select value={reason} onChange={(e) => setReason(e.target.value as RevocationReason)}>
              {REVOCATION_REASONS.map((r) => (
                <option key={r} value={r}>
                  {m.revoke.reasons[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{m.revoke.revokedOn}</span>
            <input
              type="date"
              name="revokedOn"
              required
              max={brusselsDate(new Date())}
              defaultValue={brusselsDate(new Date())}
            />
          </label>
          <label>
            <span>{m.common.note}</span>
            <input name="note" />
          </label>
          <label className="check">
            <input type="checkbox" name="openNewRequest" defaultChecked />
            {m.revoke.openNewRequest}
          </label>
          <ErrorMessage error={revoke.error} />
          <button type="submit" className="danger" disabled={revoke.isPending}>
            {m.revoke.submit}
          </button>
        </form>
      </details>
      {pending && (
        <ConfirmDialog
          title={m.revoke.confirmTitle(certificateLabel(c))}
          confirmLabel={m.revoke.confirm}
          cancelLabel={m.common.cancel}
          danger
          busy={revoke.isPending}
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        >
          <p>{m.revoke.confirmWhat(m.revoke.reasons[reason], date(pending.revokedOn))}</p>
          <p>
            <strong>{m.revoke.cannotBeUndone}</strong>
          </p>
          {pending.openNewRequest && <p>{m.revoke.newRequestOpened}</p>}
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Everything that happened to the certificate, oldest first, as one timeline. */
function Lifecycle({ certificate: c }: { certificate: CertificateDetail }) {
  const { m, dateTime, date } = useI18n();
  const events: { at: string; text: string; by?: string; note?: string | null }[] = [
    { at: c.importedAt, text: m.lifecycle.imported },
    ...c.lifecycle.renewals.flatMap((r) =>
      r.steps.map((s) => ({ at: s.at, text: m.lifecycle.step(s.action, s.state), by: s.by, note: s.note })),
    ),
    ...c.lifecycle.passwordChanges.map((p) => ({
      at: p.recordedAt,
      text: m.lifecycle.passwordChanged(date(p.changedOn), p.custodian?.name ?? null),
      note: p.note,
    })),
    ...(c.lifecycle.revocation
      ? [
          {
            at: c.lifecycle.revocation.recordedAt,
            text: m.lifecycle.revoked(
              m.revoke.reasons[c.lifecycle.revocation.reason],
              date(c.lifecycle.revocation.revokedOn),
            ),
            note: c.lifecycle.revocation.note,
          },
        ]
      : []),
    ...c.lifecycle.newRequests.flatMap((r) =>
      r.steps.map((s) => ({ at: s.at, text: m.lifecycle.step(s.action, s.state), by: s.by, note: s.note })),
    ),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">{m.lifecycle.title}</h2>
      <ol className="timeline">
        {events.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{dateTime(e.at)}</time> <span>{e.text}</span>
            {e.by && <span className="muted"> · {e.by}</span>}
            {e.note && <q className="muted"> {e.note}</q>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function RemindersSent({ certificateId }: { certificateId: string }) {
  const { m } = useI18n();
  const reminders = $api.useQuery('get', '/api/v1/reminders', {
    params: { query: { certificateId, limit: 50 } },
  });
  return (
    <section aria-labelledby="reminders-heading">
      <h2 id="reminders-heading">{m.reminders.sentForCertificate}</h2>
      <ErrorMessage error={reminders.error} />
      {reminders.data && <RemindersTable deliveries={reminders.data.items} />}
    </section>
  );
}
