import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client.js';
import type { ImportResult } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Page } from '../ui/page.js';
import { useOrganisations } from './use-organisations.js';

const ACCEPTED = '.pem,.crt,.cer,.der,.p12,.pfx,.zip';
/** Files that may be protected by a keystore password (a zip may hold keystores). */
const MAY_NEED_PASSWORD = /\.(p12|pfx|zip)$/i;
const PASSWORD_CODES = new Set(['WRONG_PASSWORD', 'PASSWORD_REQUIRED']);

export function ImportPage() {
  const { m } = useI18n();
  const session = useSession();
  const queryClient = useQueryClient();
  const { organisations } = useOrganisations();
  const allowed = organisations.filter((o) => session.can('certificate.import', o.id));
  const [files, setFiles] = useState<File[]>([]);
  const [organisationId, setOrganisationId] = useState('');
  const [password, setPassword] = useState('');
  const [host, setHost] = useState('');
  const [path, setPath] = useState('');
  const [dragging, setDragging] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const needsPassword = files.some((f) => MAY_NEED_PASSWORD.test(f.name));
  const chosenOrganisation = organisationId || (allowed.length === 1 ? allowed[0]!.id : '');

  const addFiles = (list: FileList | null) => {
    if (!list) return;
    // Copied now: the input's FileList empties when the input is reset, before React applies the update.
    const picked = Array.from(list);
    setFiles((current) => [...current, ...picked.filter((f) => !current.some((c) => c.name === f.name))]);
    setResult(null);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };

  const upload = async (selected: File[]) => {
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      for (const file of selected) form.append('files', file, file.name);
      form.append('organisationId', chosenOrganisation);
      if (password) form.append('password', password);
      if (host.trim()) form.append('host', host.trim());
      if (path.trim()) form.append('path', path.trim());
      const answer = await unwrap(
        api.POST('/api/v1/certificates/import', {
          body: form as never,
          // The browser sets the multipart boundary itself.
          bodySerializer: (body: unknown) => body as FormData,
        }),
      );
      setResult(answer);
      setPassword('');
      // Keep only what may be retried with another password.
      const retry = new Set(
        answer.files.filter((f) => f.code && PASSWORD_CODES.has(f.code)).map((f) => f.name),
      );
      setFiles(selected.filter((f) => retry.has(f.name)));
      await queryClient.invalidateQueries();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (files.length && chosenOrganisation) void upload(files);
  };

  return (
    <Page title={m.import.title}>
      <p>{m.import.intro}</p>
      <form className="form import" onSubmit={submit}>
        <label>
          <span>{m.certificates.organisation}</span>
          <select value={chosenOrganisation} onChange={(e) => setOrganisationId(e.target.value)} required>
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
        <div
          className={dragging ? 'dropzone dragging' : 'dropzone'}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="dropzone"
        >
          <p>{m.import.dropHere}</p>
          <label htmlFor={inputId} className="button secondary">
            {m.import.chooseFiles}
          </label>
          <input
            id={inputId}
            className="visually-hidden"
            type="file"
            name="files"
            multiple
            accept={ACCEPTED}
            onChange={(e) => {
              addFiles(e.target.files);
              e.target.value = '';
            }}
          />
          <p className="hint">{m.import.accepted}</p>
        </div>
        {files.length > 0 && (
          <ul className="files" aria-label={m.import.selected}>
            {files.map((f) => (
              <li key={f.name}>
                {f.name}{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => setFiles((list) => list.filter((x) => x !== f))}
                  aria-label={m.import.removeFile(f.name)}
                >
                  {m.common.remove}
                </button>
              </li>
            ))}
          </ul>
        )}
        {needsPassword && (
          <label>
            <span>{m.import.password}</span>
            <input
              type="password"
              name="keystorePassword"
              autoComplete="off"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby="password-hint"
            />
            <small id="password-hint" className="hint">
              {m.import.passwordHint}
            </small>
          </label>
        )}
        <details>
          <summary>{m.import.where}</summary>
          <label>
            <span>{m.certificate.keystoreHost}</span>
            <input value={host} onChange={(e) => setHost(e.target.value)} />
          </label>
          <label>
            <span>{m.certificate.keystorePath}</span>
            <input value={path} onChange={(e) => setPath(e.target.value)} />
          </label>
        </details>
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy || files.length === 0 || !chosenOrganisation}>
          {busy ? m.common.working : m.import.submit(files.length)}
        </button>
      </form>
      {result && <ImportSummary result={result} />}
    </Page>
  );
}

function ImportSummary({ result }: { result: ImportResult }) {
  const { m, date } = useI18n();
  const retry = result.files.some((f) => f.code && PASSWORD_CODES.has(f.code));
  return (
    <section aria-labelledby="summary-heading" className="import-summary" role="status">
      <h2 id="summary-heading">{m.import.summary}</h2>
      <ul className="counts">
        <li>{m.import.counts.imported(result.summary.imported)}</li>
        <li>{m.import.counts.alreadyThere(result.summary.alreadyThere)}</li>
        <li>{m.import.counts.skipped(result.summary.skipped)}</li>
        <li>{m.import.counts.refused(result.summary.refused)}</li>
      </ul>
      <table>
        <thead>
          <tr>
            <th scope="col">{m.import.file}</th>
            <th scope="col">{m.import.outcome}</th>
            <th scope="col">{m.import.certificates}</th>
          </tr>
        </thead>
        <tbody>
          {result.files.map((f) => (
            <tr key={f.name} data-outcome={f.outcome}>
              <th scope="row">{f.name}</th>
              <td>
                <span className={`badge outcome-${f.outcome}`}>{m.import.outcomes[f.outcome]}</span>
                {f.code && (
                  <p className="error-text" data-code={f.code}>
                    {m.errors.codes[f.code] ?? (
                      <>
                        {m.errors.generic(f.code)} <span className="muted">{f.message}</span>
                      </>
                    )}
                  </p>
                )}
              </td>
              <td>
                <ul className="plain">
                  {f.certificates.map((c) => (
                    <li key={c.sha256Fingerprint}>
                      {c.certificateId ? (
                        <Link to={`/certificates/${c.certificateId}`}>{c.subject}</Link>
                      ) : (
                        c.subject
                      )}{' '}
                      <span className="muted">
                        ({m.import.certificateOutcomes[c.outcome]}, {m.import.until(date(c.notAfter))})
                      </span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {retry && <p className="hint">{m.import.retryWithPassword}</p>}
    </section>
  );
}
