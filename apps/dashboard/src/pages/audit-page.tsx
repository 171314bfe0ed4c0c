import { useState } from 'react';
import { Link } from 'react-router';
import { $api } from '../api/client.js';
import type { AuditEvent } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';

/** Audit events as a table: when, who, what (the action code, in words where we know it). */
export function AuditTable({
  events,
  showCertificate = false,
}: {
  events: AuditEvent[];
  showCertificate?: boolean;
}) {
  const { m, dateTime } = useI18n();
  if (events.length === 0) return <p className="empty">{m.audit.none}</p>;
  return (
    <table className="audit">
      <thead>
        <tr>
          <th scope="col">{m.audit.when}</th>
          <th scope="col">{m.audit.who}</th>
          <th scope="col">{m.audit.what}</th>
          {showCertificate && <th scope="col">{m.audit.certificate}</th>}
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} data-action={e.action}>
            <td>
              <time dateTime={e.occurredAt}>{dateTime(e.occurredAt)}</time>
            </td>
            <td>{e.actorLabel}</td>
            <td>
              {m.audit.action(e.action)} <code className="muted">{e.action}</code>
              {e.signature && <span className="tag"> {m.audit.signed}</span>}
            </td>
            {showCertificate && (
              <td>
                {e.certificateId ? <Link to={`/certificates/${e.certificateId}`}>{m.audit.open}</Link> : '—'}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditPage() {
  const { m } = useI18n();
  const session = useSession();
  const [action, setAction] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const page = $api.useQuery('get', '/api/v1/audit', {
    params: { query: { limit: 50, ...(action ? { action } : {}), cursor: cursors.at(-1) } },
  });
  const verify = $api.useMutation('post', '/api/v1/audit/verify');
  return (
    <Page
      title={m.audit.title}
      actions={
        session.can('audit.verify') && (
          <button
            type="button"
            className="secondary"
            onClick={() => verify.mutate({})}
            disabled={verify.isPending}
          >
            {m.audit.verify}
          </button>
        )
      }
    >
      {verify.data && (
        <div role="status" className="card">
          {verify.data.length === 0
            ? m.audit.nothingToVerify
            : verify.data.map((chain) => (
                <p key={chain.chain} className={chain.ok ? 'ok' : 'error'}>
                  <span aria-hidden="true">{chain.ok ? '✓ ' : '✕ '}</span>
                  {chain.ok
                    ? m.audit.chainOk(chain.events)
                    : m.audit.chainBroken(chain.brokenAt?.reason ?? '')}
                </p>
              ))}
        </div>
      )}
      <ErrorMessage error={verify.error} />
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setCursors([]);
          setAction(String(new FormData(e.currentTarget).get('action') ?? '').trim());
        }}
      >
        <label>
          <span>{m.audit.actionFilter}</span>
          <input name="action" defaultValue={action} placeholder="renewal.*" />
        </label>
        <button type="submit">{m.certificates.applyFilters}</button>
      </form>
      <ErrorMessage error={page.error} />
      {page.isPending ? <Loading /> : page.data && <AuditTable events={page.data.items} showCertificate />}
      {page.data && (
        <nav className="pager" aria-label={m.certificates.pages}>
          <button
            type="button"
            className="secondary"
            disabled={cursors.length === 0}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            {m.common.previousPage}
          </button>
          <span>{m.common.pageNumber(cursors.length + 1)}</span>
          <button
            type="button"
            className="secondary"
            disabled={!page.data.nextCursor}
            onClick={() => page.data.nextCursor && setCursors((c) => [...c, page.data.nextCursor!])}
          >
            {m.common.nextPage}
          </button>
        </nav>
      )}
    </Page>
  );
}
