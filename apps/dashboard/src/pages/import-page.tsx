import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, toApiError, unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import type { ImportResult } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { ErrorMessage, errorInWords } from '../ui/error-message.js';
import { Page } from '../ui/page.js';
import { OrganisationSelect } from '../ui/organisation-select.js';
import { useOrganisations } from './use-organisations.js';

type FileResult = ImportResult['files'][number];
type IdentifierMismatch = components['schemas']['IdentifierMismatchDto'];

const ACCEPTED = '.pem,.crt,.cer,.der,.p12,.pfx,.zip';
/** Files that may be protected by a keystore password (a zip may hold keystores). */
const MAY_NEED_PASSWORD = /\.(p12|pfx|zip)$/i;
const PASSWORD_CODES = new Set(['WRONG_PASSWORD', 'PASSWORD_REQUIRED']);
/** Refusals `force` overrides: the user may import such a file anyway, once they confirm. */
const FORCEABLE_CODES = new Set(['IDENTIFIER_MISMATCH', 'NOT_EHEALTH_CERTIFICATE']);

/** A refused file (or zip entry) the user may import anyway, and why it was refused. */
interface ForceableRefusal {
  name: string;
  code: string;
  details: IdentifierMismatch | null;
}

/** What an "import anyway?" question is about: one uploaded file (a zip: its refused entries) and its refusals. */
interface ForceQuestion {
  file: File;
  refusals: ForceableRefusal[];
}

/** The uploaded file a result belongs to: itself, or the zip it is an entry of (`archive.zip/entry`). */
function sourceOf(files: File[], resultName: string): File | undefined {
  return files.find((f) => resultName === f.name || resultName.startsWith(`${f.name}/`));
}

/** Counts the outcomes of the files, as the api's summary does. */
function summarise(files: FileResult[]): ImportResult {
  const count = (outcome: FileResult['outcome']) => files.filter((f) => f.outcome === outcome).length;
  return {
    files,
    summary: {
      imported: count('imported'),
      alreadyThere: count('already-there'),
      skipped: count('skipped'),
      refused: count('refused'),
    },
  };
}

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
  const [question, setQuestion] = useState<ForceQuestion | null>(null);
  /** The last upload's files and password, kept in memory only for an "import anyway" of one of them. */
  const last = useRef<{ files: File[]; password: string; organisationId: string } | null>(null);
  const inputId = useId();
  const needsPassword = files.some((f) => MAY_NEED_PASSWORD.test(f.name));
  const chosenOrganisation = organisationId || (allowed.length === 1 ? allowed[0]!.id : '');
  const organisationName = (id: string) => organisations.find((o) => o.id === id)?.name ?? '';

  const addFiles = (list: FileList | null) => {
    if (!list) return;
    // Copied now: the input's FileList empties when the input is reset, before React applies the update.
    const picked = Array.from(list);
    setFiles((current) => [...current, ...picked.filter((f) => !current.some((c) => c.name === f.name))]);
    setResult(null);
    setError(null);
    last.current = null;
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };

  const send = (selected: File[], options: { organisationId: string; password: string; force: boolean }) => {
    const form = new FormData();
    for (const file of selected) form.append('files', file, file.name);
    form.append('organisationId', options.organisationId);
    if (options.password) form.append('password', options.password);
    if (options.force) form.append('force', 'true');
    if (host.trim()) form.append('host', host.trim());
    if (path.trim()) form.append('path', path.trim());
    return unwrap(
      api.POST('/api/v1/certificates/import', {
        body: form as never,
        // The browser sets the multipart boundary itself.
        bodySerializer: (body: unknown) => body as FormData,
      }),
    );
  };

  const upload = async (selected: File[]) => {
    setBusy(true);
    setError(null);
    last.current = { files: selected, password, organisationId: chosenOrganisation };
    try {
      const answer = await send(selected, { organisationId: chosenOrganisation, password, force: false });
      setResult(answer);
      setPassword('');
      // Keep only what may be retried with another password.
      const retry = new Set(
        answer.files.filter((f) => f.code && PASSWORD_CODES.has(f.code)).map((f) => f.name),
      );
      setFiles(selected.filter((f) => retry.has(f.name)));
      if (!answer.files.some((f) => f.code && FORCEABLE_CODES.has(f.code))) last.current = null;
      await queryClient.invalidateQueries();
    } catch (caught) {
      setError(caught);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  const importAnyway = async ({ file }: ForceQuestion) => {
    const previous = last.current;
    if (!previous) return;
    setBusy(true);
    try {
      const answer = await send([file], {
        organisationId: previous.organisationId,
        password: previous.password,
        force: true,
      });
      // The forced file's lines replace its refused ones; the rest of the result stays as it was.
      const others = (result?.files ?? []).filter((f) => sourceOf([file], f.name) === undefined);
      setResult(summarise([...others, ...answer.files]));
      setError(null);
      setFiles((list) => list.filter((f) => f !== file));
      last.current = { ...previous, files: previous.files.filter((f) => f !== file) };
      await queryClient.invalidateQueries();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
      setQuestion(null);
    }
  };

  /** The "import anyway?" question for one uploaded file, from its refused results (or the single file's 422). */
  const askAboutFile = (file: File, refusals: ForceableRefusal[]) => setQuestion({ file, refusals });
  const singleRefusal = (() => {
    if (!error || !last.current || last.current.files.length !== 1) return null;
    const apiError = toApiError(error);
    if (!FORCEABLE_CODES.has(apiError.code)) return null;
    const details = (apiError.body.details as IdentifierMismatch | undefined) ?? null;
    return {
      file: last.current.files[0]!,
      refusal: { name: last.current.files[0]!.name, code: apiError.code, details },
    };
  })();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (files.length && chosenOrganisation) void upload(files);
  };

  return (
    <Page title={m.import.title}>
      <p>{m.import.intro}</p>
      <form className="form import" onSubmit={submit}>
        <OrganisationSelect
          label={m.certificates.organisation}
          value={chosenOrganisation}
          onChange={setOrganisationId}
          required
          organisations={allowed}
          choose
        />
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
        {singleRefusal && (
          <RefusalExplained
            refusals={[singleRefusal.refusal]}
            organisation={organisationName(last.current!.organisationId)}
          />
        )}
        {singleRefusal && (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => askAboutFile(singleRefusal.file, [singleRefusal.refusal])}
          >
            {m.import.importAnyway}
          </button>
        )}
        <button type="submit" disabled={busy || files.length === 0 || !chosenOrganisation}>
          {busy ? m.common.working : m.import.submit(files.length)}
        </button>
      </form>
      {result && (
        <ImportSummary
          result={result}
          canForce={(name) => (last.current ? sourceOf(last.current.files, name) !== undefined : false)}
          onForce={(name) => {
            const file = last.current && sourceOf(last.current.files, name);
            if (!file) return;
            const refusals = result.files
              .filter((f) => f.code && FORCEABLE_CODES.has(f.code) && sourceOf([file], f.name))
              .map((f) => ({ name: f.name, code: f.code!, details: f.details }));
            askAboutFile(file, refusals);
          }}
          busy={busy}
        />
      )}
      {question && last.current && (
        <ConfirmDialog
          title={m.import.anywayTitle}
          confirmLabel={m.import.anywayConfirm}
          cancelLabel={m.common.cancel}
          busy={busy}
          onConfirm={() => void importAnyway(question)}
          onCancel={() => setQuestion(null)}
        >
          <RefusalExplained
            refusals={question.refusals}
            organisation={organisationName(last.current.organisationId)}
          />
          <p>{m.import.anywayConsequence(question.file.name)}</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}

/** Why files were refused in words: a certificate of another identifier names both; a non-eHealth one says so. */
function RefusalExplained({
  refusals,
  organisation,
}: {
  refusals: ForceableRefusal[];
  organisation: string;
}) {
  const { m } = useI18n();
  return (
    <ul className="plain refusals">
      {refusals.map((r) => (
        <li key={r.name}>
          {r.code === 'IDENTIFIER_MISMATCH' && r.details
            ? m.import.mismatch(
                r.name,
                `${r.details.certificateIdentifier}${r.details.applicationId ? ` · ${r.details.applicationId}` : ''}`,
                organisation,
                r.details.organisationIdentifiers.length
                  ? r.details.organisationIdentifiers.join(', ')
                  : m.import.noIdentifiers,
              )
            : m.import.notEhealth(r.name)}
        </li>
      ))}
    </ul>
  );
}

function ImportSummary({
  result,
  canForce,
  onForce,
  busy,
}: {
  result: ImportResult;
  canForce(name: string): boolean;
  onForce(name: string): void;
  busy: boolean;
}) {
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
      <div className="table-wrap">
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
                <th scope="row" className="file-name">
                  {f.name}
                </th>
                <td>
                  <span className={`badge outcome-${f.outcome}`}>{m.import.outcomes[f.outcome]}</span>
                  {f.code && (
                    <p className="error-text" data-code={f.code}>
                      {errorInWords(m, f.code, 422).text}
                    </p>
                  )}
                  {f.outcome === 'skipped' && f.certificates.length === 0 && (
                    <p className="hint">{m.import.waitingForCertificate}</p>
                  )}
                  {f.keystoreId && f.outcome === 'already-there' && (
                    <p className="hint" data-testid="keystore-recorded">
                      {m.import.keystoreRecorded}
                    </p>
                  )}
                  {f.code && FORCEABLE_CODES.has(f.code) && canForce(f.name) && (
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      onClick={() => onForce(f.name)}
                    >
                      {m.import.importAnyway}
                      <span className="visually-hidden"> {f.name}</span>
                    </button>
                  )}
                </td>
                <td>
                  <ul className="plain">
                    {f.certificates.map((c) => (
                      <li key={c.sha256Fingerprint} data-outcome={c.outcome}>
                        {c.certificateId ? (
                          <Link to={`/certificates/${c.certificateId}`}>{c.subject}</Link>
                        ) : (
                          c.subject
                        )}{' '}
                        <span className="muted">
                          ({m.import.certificateOutcomes[c.outcome]}
                          {c.skipReason &&
                            `: ${m.import.skipReasons[c.skipReason as keyof typeof m.import.skipReasons] ?? c.skipReason}`}
                          {c.forced.length > 0 && `: ${m.import.forced}`}, {m.import.until(date(c.notAfter))})
                        </span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {retry && <p className="hint">{m.import.retryWithPassword}</p>}
    </section>
  );
}
