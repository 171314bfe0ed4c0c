import { $api, toApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { LinkPage, useLinkToken } from '../ui/link-page.js';
import { Loading } from '../ui/page.js';

/**
 * The public page a deployment's contact opens from the cut-over mail (no account: the link is the proof): which
 * system and organisation, the new certificate, and one button to confirm the new keystore is installed. An
 * expired, closed or unknown link says so plainly.
 */
export function CutOverPage() {
  const { m } = useI18n();
  const token = useLinkToken();
  return (
    <LinkPage title={m.cutOver.title} noToken={m.cutOver.noToken}>
      <CutOverConfirmation token={token} />
    </LinkPage>
  );
}

function CutOverConfirmation({ token }: { token: string }) {
  const { m, date, dateTime } = useI18n();
  const link = $api.useQuery(
    'get',
    '/api/v1/cut-over/{token}',
    { params: { path: { token } } },
    { retry: false, staleTime: Infinity },
  );
  const confirm = $api.useMutation('post', '/api/v1/cut-over/{token}/confirm');
  if (link.isPending) return <Loading />;
  if (!link.data) {
    const code = toApiError(link.error).code;
    const plain =
      code === 'CUT_OVER_LINK_EXPIRED'
        ? m.cutOver.expired
        : code === 'CUT_OVER_LINK_CLOSED'
          ? m.cutOver.closed
          : code === 'NOT_FOUND'
            ? m.cutOver.notFound
            : null;
    return plain ? (
      <p className="error" role="alert">
        {plain}
      </p>
    ) : (
      <ErrorMessage error={link.error} />
    );
  }
  const data = confirm.data ?? link.data;
  if (confirm.isSuccess)
    return (
      <p className="ok card" role="status">
        {m.cutOver.thanks}
      </p>
    );
  const certificate = data.newCertificate;
  return (
    <div className="card">
      <p>{m.cutOver.intro(data.software, data.organisationName)}</p>
      {data.integrator && <p>{m.cutOver.integrator(data.integrator)}</p>}
      <h2>{m.cutOver.newCertificate}</h2>
      {certificate ? (
        <dl className="facts">
          <dt>{m.cutOver.subject}</dt>
          <dd>{certificate.subject}</dd>
          <dt>{m.cutOver.serialNumber}</dt>
          <dd>
            <code>{certificate.serialNumber}</code>
          </dd>
          <dt>{m.cutOver.validity}</dt>
          <dd>{m.cutOver.validFromTo(date(certificate.notBefore), date(certificate.notAfter))}</dd>
        </dl>
      ) : (
        <p>{m.cutOver.notYetKnown}</p>
      )}
      {data.state === 'confirmed' ? (
        <p className="ok" role="status">
          {m.cutOver.alreadyConfirmed(dateTime(data.confirmedAt))}
        </p>
      ) : (
        <>
          <p className="hint">{m.cutOver.until(dateTime(data.expiresAt))}</p>
          <ConfirmError error={confirm.error} />
          <div className="buttons">
            <button
              type="button"
              disabled={confirm.isPending}
              onClick={() => confirm.mutate({ params: { path: { token } } })}
            >
              {m.cutOver.confirm}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** A confirmation refused (used meanwhile in another tab, expired while open) says so in the page's words. */
function ConfirmError({ error }: { error: unknown }) {
  const { m } = useI18n();
  if (!error) return null;
  const code = toApiError(error).code;
  const plain =
    code === 'CUT_OVER_ALREADY_CONFIRMED'
      ? m.cutOver.confirmedMeanwhile
      : code === 'CUT_OVER_LINK_EXPIRED'
        ? m.cutOver.expired
        : code === 'CUT_OVER_LINK_CLOSED'
          ? m.cutOver.closed
          : null;
  return plain ? (
    <p className="error" role="alert">
      {plain}
    </p>
  ) : (
    <ErrorMessage error={error} />
  );
}
