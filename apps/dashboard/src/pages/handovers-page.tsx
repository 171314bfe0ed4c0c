import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { $api, api, unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useSession } from '../auth/session.js';
import { digestAlgorithmFor } from '../card-bridge/bridge-client.js';
import { CardBridgePairing, usePairedBridge } from '../card-bridge/bridge-panel.js';
import { CardCheck } from '../card-bridge/card-check.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import { OrganisationFilter, OrganisationSelect } from '../ui/organisation-select.js';
import { useAddressFilters } from '../ui/address-filter.js';
import { ListPager, onePage, PagerBack, usePageStack } from '../ui/pager.js';
import { useOrganisations } from './use-organisations.js';

type Handover = components['schemas']['HandoverDto'];

/** Handovers a page shows, most recently opened first. */
export const HANDOVERS_PAGE_SIZE = 100;

const HANDOVER_STATES = ['awaiting-signatures', 'completed', 'cancelled'] as const;

export function HandoversPage() {
  const { m, date } = useI18n();
  const session = useSession();
  const [search, setFilter] = useAddressFilters();
  const organisationId = search.get('organisationId') || undefined;
  const state = HANDOVER_STATES.find((s) => s === search.get('state'));
  const filtered = organisationId !== undefined || state !== undefined;
  const pages = usePageStack(`${organisationId ?? ''} ${state ?? ''}`);
  const { after } = pages;
  const list = $api.useQuery('get', '/api/v1/handovers', {
    params: {
      query: { organisationId, state, limit: HANDOVERS_PAGE_SIZE + 1, ...(after && { after }) },
    },
  });
  // The filter's options (every organisation's name) once the list has answered: its rows carry their names.
  const { organisations } = useOrganisations({ enabled: !list.isPending });
  const { rows, hasNext } = onePage(list.data, HANDOVERS_PAGE_SIZE);
  const [opening, setOpening] = useState(false);
  return (
    <Page
      title={m.handovers.title}
      actions={
        session.can('handover.open') &&
        !opening && (
          <button type="button" onClick={() => setOpening(true)}>
            {m.handovers.open}
          </button>
        )
      }
    >
      <p className="hint">{m.handovers.intro}</p>
      {opening && <OpenHandover onDone={() => setOpening(false)} />}
      <form className="filters" aria-label={m.handovers.filters} onSubmit={(e) => e.preventDefault()}>
        {organisations.length > 1 && (
          <OrganisationFilter
            value={organisationId ?? ''}
            onChange={(id) => setFilter('organisationId', id)}
            organisations={organisations}
          />
        )}
        <label>
          <span>{m.handovers.state}</span>
          <select value={state ?? ''} onChange={(e) => setFilter('state', e.target.value)}>
            <option value="">{m.common.all}</option>
            {HANDOVER_STATES.map((s) => (
              <option key={s} value={s}>
                {m.handovers.states[s]}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <PagerBack label={m.handovers.pages} number={pages.number} previous={pages.previous} />
      ) : rows.length === 0 && pages.number === 1 ? (
        <p className="empty">{filtered ? m.handovers.noMatch : m.handovers.none}</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th scope="col">{m.handovers.opened}</th>
                <th scope="col">{m.certificates.organisation}</th>
                <th scope="col">{m.handovers.from}</th>
                <th scope="col">{m.handovers.to}</th>
                <th scope="col">{m.handovers.state}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((h) => (
                <tr key={h.id}>
                  <th scope="row">
                    <Link to={`/handovers/${h.id}`}>{date(h.openedAt)}</Link>
                  </th>
                  <td>{h.organisationName}</td>
                  <td>{h.outgoingManager.name}</td>
                  <td>{h.incomingManager.name}</td>
                  <td>
                    <HandoverState handover={h} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ListPager label={m.handovers.pages} pages={pages} hasNext={hasNext} lastKey={rows.at(-1)?.id} />
        </>
      )}
    </Page>
  );
}

function HandoverState({ handover: h }: { handover: Handover }) {
  const { m } = useI18n();
  const symbol = { 'awaiting-signatures': '…', completed: '✓', cancelled: '✕' }[h.state];
  return (
    <span className={`badge handover-${h.state}`}>
      <span aria-hidden="true">{symbol} </span>
      {m.handovers.states[h.state]}
    </span>
  );
}

function OpenHandover({ onDone }: { onDone(): void }) {
  const { m } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const { organisations } = useOrganisations();
  const allowed = organisations.filter((o) => session.can('handover.open', o.id));
  const [organisationId, setOrganisationId] = useState(allowed.length === 1 ? allowed[0]!.id : '');
  // A certificate manager opens only their own handover; an administrator anyone's.
  const ownOnly = organisationId !== '' && !session.can('handover.manage', organisationId);
  const [chosenFrom, setFromPersonId] = useState('');
  const fromPersonId = ownOnly ? (session.me?.personId ?? '') : chosenFrom;
  /** The outgoing manager's certificates left out of the handover, and those whose keystore or password is lost. */
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [unobtainable, setUnobtainable] = useState<ReadonlySet<string>>(new Set());
  const people = $api.useQuery(
    'get',
    '/api/v1/people',
    { params: { query: { organisationId } } },
    { enabled: organisationId !== '' },
  );
  const theirs = $api.useQuery(
    'get',
    '/api/v1/certificates',
    { params: { query: { organisationId, managerId: fromPersonId, limit: 100, count: false } } },
    { enabled: organisationId !== '' && fromPersonId !== '' },
  );
  const open = $api.useMutation('post', '/api/v1/handovers', {
    onSuccess: (handover) => {
      onDone();
      void navigate(`/handovers/${handover.id}`);
    },
  });
  const certificates = theirs.data?.items ?? [];
  const included = certificates.filter((c) => !excluded.has(c.id));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const accessManagerId = String(form.get('accessManagerId') ?? '');
    const lost = included.filter((c) => unobtainable.has(c.id)).map((c) => c.id);
    open.mutate({
      body: {
        organisationId,
        fromPersonId,
        toPersonId: String(form.get('toPersonId')),
        reason: String(form.get('reason')).trim(),
        ...(accessManagerId ? { accessManagerId } : {}),
        // Every one of the manager's certificates unless some were left out.
        ...(excluded.size > 0 ? { certificateIds: included.map((c) => c.id) } : {}),
        ...(lost.length ? { unobtainableCertificateIds: lost } : {}),
      },
    });
  };
  const toggle = (set: ReadonlySet<string>, id: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };
  const members = people.data ?? [];
  type Member = (typeof members)[number];
  const options = (filter: (p: Member) => boolean, needsSsin = false) =>
    members.filter(filter).map((p) => (
      // Whoever signs needs an SSIN on record: their eID card is matched by it.
      <option key={p.id} value={p.id} disabled={needsSsin && !p.ssin}>
        {needsSsin && !p.ssin ? m.handovers.noSsin(p.name) : p.name}
      </option>
    ));
  const membership = (p: Member) => p.memberships.find((ms) => ms.organisationId === organisationId);
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="open-handover">
      <h2 id="open-handover">{m.handovers.open}</h2>
      <OrganisationSelect
        label={m.certificates.organisation}
        value={organisationId}
        onChange={(id) => {
          setOrganisationId(id);
          setFromPersonId('');
        }}
        required
        organisations={allowed}
        choose
      />
      <label>
        <span>{m.handovers.from}</span>
        <select
          name="fromPersonId"
          required
          value={fromPersonId}
          disabled={ownOnly}
          onChange={(e) => {
            setFromPersonId(e.target.value);
            setExcluded(new Set());
            setUnobtainable(new Set());
          }}
        >
          <option value="" disabled>
            {m.common.choose}
          </option>
          {options(
            (p) =>
              (membership(p)?.roles.includes('certificate-manager') ?? false) &&
              (!ownOnly || p.id === session.me?.personId),
          )}
        </select>
      </label>
      <label>
        <span>{m.handovers.to}</span>
        <select name="toPersonId" required defaultValue="">
          <option value="" disabled>
            {m.common.choose}
          </option>
          {options((p) => (membership(p)?.employed ?? false) && p.id !== fromPersonId, true)}
        </select>
      </label>
      <label>
        <span>{m.handovers.accessManager}</span>
        <select name="accessManagerId" defaultValue="">
          <option value="">{m.handovers.outgoingSigns}</option>
          {options(
            (p) =>
              (membership(p)?.employed ?? false) &&
              (membership(p)?.roles.includes('access-manager') ?? false) &&
              p.id !== fromPersonId,
            true,
          )}
        </select>
      </label>
      {fromPersonId !== '' && (
        <fieldset className="handover-choice">
          <legend>{m.handovers.certificatesToHandOver(included.length, certificates.length)}</legend>
          {theirs.isPending ? (
            <Loading />
          ) : certificates.length === 0 ? (
            <p className="hint">{m.handovers.noCertificates}</p>
          ) : (
            <ul className="plain">
              {certificates.map((c) => {
                const label = c.ehealth
                  ? identity(c.ehealth.identifierType, c.ehealth.identifierValue, c.ehealth.applicationId)
                  : c.subject;
                return (
                  <li key={c.id}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={!excluded.has(c.id)}
                        onChange={(e) => setExcluded(toggle(excluded, c.id, !e.target.checked))}
                      />{' '}
                      {label}
                    </label>
                    {!excluded.has(c.id) && (
                      <label className="check">
                        <input
                          type="checkbox"
                          checked={unobtainable.has(c.id)}
                          onChange={(e) => setUnobtainable(toggle(unobtainable, c.id, e.target.checked))}
                        />{' '}
                        {m.handovers.unobtainable(label)}
                      </label>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </fieldset>
      )}
      <label>
        <span>{m.common.reason}</span>
        <input name="reason" required />
      </label>
      <ErrorMessage error={open.error ?? theirs.error} />
      <div className="buttons">
        <button type="submit" disabled={open.isPending || (fromPersonId !== '' && included.length === 0)}>
          {m.handovers.open}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}

/** `TYPE=value · APPLICATION`, as the certificate pages write a certificate's identity. */
const identity = (type: string, value: string, applicationId: string | null | undefined) =>
  `${type}=${value}${applicationId ? ` · ${applicationId}` : ''}`;

export function HandoverPage() {
  const { id = '' } = useParams();
  const { m } = useI18n();
  const handover = $api.useQuery('get', '/api/v1/handovers/{id}', { params: { path: { id } } });
  if (handover.isPending) return <Loading />;
  if (!handover.data)
    return (
      <Page title={m.handovers.title}>
        <ErrorMessage error={handover.error} />
      </Page>
    );
  return <HandoverView handover={handover.data} />;
}

/** What the signed document says of each certificate (its JSON is the api's canonical document, format 1). */
interface DocumentCertificate {
  certificateId: string;
  identifierType: string | null;
  identifierValue: string | null;
  applicationId: string | null;
  subject: string;
  notAfter: string;
  keystore: { fileName: string; host: string | null; path: string | null } | null;
}

function documentCertificates(json: string): Map<string, DocumentCertificate> {
  try {
    const document = JSON.parse(json) as { certificates?: DocumentCertificate[] };
    return new Map((document.certificates ?? []).map((c) => [c.certificateId, c]));
  } catch {
    return new Map();
  }
}

const certificateLabel = (c: DocumentCertificate) =>
  c.identifierType && c.identifierValue
    ? identity(c.identifierType, c.identifierValue, c.applicationId)
    : c.subject;

function HandoverView({ handover: h }: { handover: Handover }) {
  const { m, date, dateTime } = useI18n();
  const described = documentCertificates(h.document.json);
  const session = useSession();
  const bridge = usePairedBridge();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [signed, setSigned] = useState(false);
  const cancel = $api.useMutation('post', '/api/v1/handovers/{id}/cancel', {
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const [cancelReason, setCancelReason] = useState('');
  const mySignature = h.awaitingSignatureFrom.find((s) => s.personId === session.me?.personId);
  // The outgoing side signs first: the incoming manager's turn comes after.
  const myTurn = mySignature && h.awaitingSignatureFrom[0]?.personId === mySignature.personId;

  const sign = async () => {
    if (!bridge) return;
    setBusy(true);
    setError(null);
    try {
      const card = await bridge.card();
      const algorithm = digestAlgorithmFor(card.card?.certificates.signature?.keyAlgorithm);
      const digest = algorithm === 'SHA-384' ? h.document.sha384 : h.document.sha256;
      const signature = await bridge.sign(
        algorithm,
        digest,
        m.handovers.signDescription(h.outgoingManager.name, h.incomingManager.name),
      );
      await unwrap(
        api.POST('/api/v1/handovers/{id}/signatures', { params: { path: { id: h.id } }, body: signature }),
      );
      setSigned(true);
      await queryClient.invalidateQueries();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={m.handovers.titleOf(h.outgoingManager.name, h.incomingManager.name)}>
      <p className="summary">
        <HandoverState handover={h} /> {m.handovers.openedOn(dateTime(h.openedAt))}
        {h.state === 'awaiting-signatures' && <> {m.handovers.dueBy(dateTime(h.expiresAt))}</>}
      </p>
      {h.state === 'completed' && (
        <p className="ok" role="status">
          <span aria-hidden="true">✓ </span>
          {m.handovers.completedOn(dateTime(h.completedAt), h.incomingManager.name)}
        </p>
      )}
      {signed && h.state === 'awaiting-signatures' && (
        <p className="ok" role="status">
          <span aria-hidden="true">✓ </span>
          {m.handovers.yourSignatureRecorded}
        </p>
      )}
      <div className="grid">
        <section className="card" aria-labelledby="signers-heading">
          <h2 id="signers-heading">{m.handovers.signatures}</h2>
          <ul className="plain">
            {h.signatures.map((s) => (
              <li key={s.signature} className="ok">
                <span aria-hidden="true">✓ </span>
                {m.handovers.signedBy(s.signerName, m.handovers.roles[s.role], dateTime(s.signedAt))}
              </li>
            ))}
            {h.state === 'awaiting-signatures' &&
              h.awaitingSignatureFrom.map((s) => (
                <li key={s.personId}>
                  <span aria-hidden="true">… </span>
                  {m.handovers.awaiting(s.name, m.handovers.signsAs[s.signsAs])}
                </li>
              ))}
          </ul>
          {h.state === 'awaiting-signatures' && mySignature && (
            <div className="sign">
              <h3>{m.handovers.signWithEid}</h3>
              {myTurn ? (
                <>
                  <CardBridgePairing />
                  {bridge && (
                    <details className="card-check-before">
                      <summary>{m.cardCheck.title}</summary>
                      <p className="hint">{m.cardCheck.beforeHandover}</p>
                      <CardCheck withPairing={false} />
                    </details>
                  )}
                  {bridge && (
                    <button type="button" onClick={() => void sign()} disabled={busy}>
                      {busy ? m.login.eidWaiting : m.handovers.sign}
                    </button>
                  )}
                </>
              ) : (
                <p className="hint">{m.handovers.notYourTurn}</p>
              )}
              <ErrorMessage error={error} />
            </div>
          )}
          {h.state === 'cancelled' && <p>{m.handovers.cancelledBecause(h.cancelReason ?? '')}</p>}
        </section>
        <section className="card" aria-labelledby="covered-heading">
          <h2 id="covered-heading">{m.handovers.certificates}</h2>
          <ul className="plain handover-certificates">
            {h.certificates.map((c) => {
              const facts = described.get(c.certificateId);
              return (
                <li key={c.certificateId}>
                  <Link to={`/certificates/${c.certificateId}`}>
                    {facts ? certificateLabel(facts) : m.audit.open}
                  </Link>
                  {facts && (
                    <span className="hint">
                      {' '}
                      {m.handovers.certificateFacts(
                        date(facts.notAfter),
                        facts.keystore
                          ? [facts.keystore.fileName, facts.keystore.host, facts.keystore.path]
                              .filter(Boolean)
                              .join(', ')
                          : null,
                      )}
                    </span>
                  )}
                  {c.revokeAndRequestAgain && (
                    <span className="tag warning"> {m.handovers.revokeAndRequestAgain}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      </div>
      <section aria-labelledby="document-heading">
        <h2 id="document-heading">{m.handovers.document}</h2>
        <pre className="document">{h.document.text}</pre>
      </section>
      {h.state === 'awaiting-signatures' && session.can('handover.open', h.organisationId) && (
        <details>
          <summary>{m.handovers.cancel}</summary>
          <form
            className="form inline"
            onSubmit={(e) => {
              e.preventDefault();
              cancel.mutate({ params: { path: { id: h.id } }, body: { reason: cancelReason.trim() } });
            }}
          >
            <label>
              <span>{m.common.reason}</span>
              <input required value={cancelReason} onChange={(e) => setCancelReason(e.target.value)} />
            </label>
            <button type="submit" className="danger" disabled={cancel.isPending}>
              {m.handovers.cancel}
            </button>
          </form>
          <ErrorMessage error={cancel.error} />
        </details>
      )}
    </Page>
  );
}
