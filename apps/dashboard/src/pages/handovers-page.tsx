import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { $api, api, unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useSession } from '../auth/session.js';
import { digestAlgorithmFor } from '../card-bridge/bridge-client.js';
import { CardBridgePairing, usePairedBridge } from '../card-bridge/bridge-panel.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import { useOrganisations } from './use-organisations.js';

type Handover = components['schemas']['HandoverDto'];

export function HandoversPage() {
  const { m, date } = useI18n();
  const session = useSession();
  const { nameOf } = useOrganisations();
  const list = $api.useQuery('get', '/api/v1/handovers');
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
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : list.data?.length === 0 ? (
        <p className="empty">{m.handovers.none}</p>
      ) : (
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
            {list.data?.map((h) => (
              <tr key={h.id}>
                <th scope="row">
                  <Link to={`/handovers/${h.id}`}>{date(h.openedAt)}</Link>
                </th>
                <td>{nameOf(h.organisationId)}</td>
                <td>{h.outgoingManager.name}</td>
                <td>{h.incomingManager.name}</td>
                <td>
                  <HandoverState handover={h} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
  const people = $api.useQuery(
    'get',
    '/api/v1/people',
    { params: { query: { organisationId } } },
    { enabled: organisationId !== '' },
  );
  const open = $api.useMutation('post', '/api/v1/handovers', {
    onSuccess: (handover) => {
      onDone();
      void navigate(`/handovers/${handover.id}`);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const accessManagerId = String(form.get('accessManagerId') ?? '');
    open.mutate({
      body: {
        organisationId,
        fromPersonId: String(form.get('fromPersonId')),
        toPersonId: String(form.get('toPersonId')),
        reason: String(form.get('reason')).trim(),
        ...(accessManagerId ? { accessManagerId } : {}),
      },
    });
  };
  const members = people.data ?? [];
  const options = (filter: (p: (typeof members)[number]) => boolean) =>
    members.filter(filter).map((p) => (
      <option key={p.id} value={p.id}>
        {p.name}
      </option>
    ));
  const membership = (p: (typeof members)[number]) =>
    p.memberships.find((ms) => ms.organisationId === organisationId);
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="open-handover">
      <h2 id="open-handover">{m.handovers.open}</h2>
      <label>
        <span>{m.certificates.organisation}</span>
        <select value={organisationId} onChange={(e) => setOrganisationId(e.target.value)} required>
          <option value="" disabled>
            {m.common.choose}
          </option>
          {allowed.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{m.handovers.from}</span>
        <select name="fromPersonId" required defaultValue="">
          <option value="" disabled>
            {m.common.choose}
          </option>
          {options((p) => membership(p)?.roles.includes('certificate-manager') ?? false)}
        </select>
      </label>
      <label>
        <span>{m.handovers.to}</span>
        <select name="toPersonId" required defaultValue="">
          <option value="" disabled>
            {m.common.choose}
          </option>
          {options((p) => membership(p)?.employed ?? false)}
        </select>
      </label>
      <label>
        <span>{m.handovers.accessManager}</span>
        <select name="accessManagerId" defaultValue="">
          <option value="">{m.handovers.outgoingSigns}</option>
          {options(
            (p) =>
              (membership(p)?.employed ?? false) &&
              (membership(p)?.roles.includes('access-manager') ?? false),
          )}
        </select>
      </label>
      <label>
        <span>{m.common.reason}</span>
        <input name="reason" required />
      </label>
      <ErrorMessage error={open.error} />
      <div className="buttons">
        <button type="submit" disabled={open.isPending}>
          {m.handovers.open}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {m.common.cancel}
        </button>
      </div>
    </form>
  );
}

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

function HandoverView({ handover: h }: { handover: Handover }) {
  const { m, dateTime } = useI18n();
  const session = useSession();
  const bridge = usePairedBridge();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
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
      </p>
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
          <ul className="plain">
            {h.certificates.map((c) => (
              <li key={c.certificateId}>
                <Link to={`/certificates/${c.certificateId}`}>{m.audit.open}</Link>
                {c.revokeAndRequestAgain && (
                  <span className="tag warning"> {m.handovers.revokeAndRequestAgain}</span>
                )}
              </li>
            ))}
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
