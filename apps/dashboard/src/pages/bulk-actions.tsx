import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { MUTE_REASONS, type MuteReason } from '@certdesk/domain';
import { $api } from '../api/client.js';
import type { Certificate } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { ErrorMessage } from '../ui/error-message.js';
import { LabelInput, labelProblem } from './labels.js';

const ACTIONS = ['add-label', 'remove-label', 'assign-manager', 'set-keystore-location', 'mute'] as const;
type BulkAction = (typeof ACTIONS)[number];

/** What each action asks of me in every selected certificate's organisation (the api checks it again). */
const PERMISSION: Record<BulkAction, string> = {
  'add-label': 'certificate.update',
  'remove-label': 'certificate.update',
  'assign-manager': 'certificate.reassign-manager',
  'set-keystore-location': 'certificate.update',
  mute: 'certificate.mute',
};

/**
 * The bar above the certificate list once certificates are ticked: one action for all of them, confirmed with how
 * many it changes. The api changes all of them or none.
 */
export function BulkActionBar({
  selected,
  onDone,
}: {
  selected: Certificate[];
  onDone(changed: number): void;
}) {
  const { m } = useI18n();
  const session = useSession();
  const queryClient = useQueryClient();
  const organisationIds = [...new Set(selected.map((c) => c.organisationId))];
  const allowed = ACTIONS.filter((a) => organisationIds.every((id) => session.can(PERMISSION[a], id)));
  const [action, setAction] = useState<BulkAction | ''>('');
  const [label, setLabel] = useState('');
  const [managerId, setManagerId] = useState('');
  const [host, setHost] = useState('');
  const [path, setPath] = useState('');
  const [muteReason, setMuteReason] = useState<MuteReason>('retired');
  const [muteEndDate, setMuteEndDate] = useState('');
  const [muteNote, setMuteNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const people = $api.useQuery(
    'get',
    '/api/v1/people',
    { params: { query: { organisationId: organisationIds[0] ?? '' } } },
    { enabled: action === 'assign-manager' && organisationIds.length > 0 },
  );
  // One person manages certificates of every organisation they work for: those employed in all of the selection's.
  const managers = (people.data ?? []).filter((p) =>
    organisationIds.every((id) => p.memberships.some((ms) => ms.organisationId === id && ms.employed)),
  );
  const run = $api.useMutation('post', '/api/v1/certificates/bulk', {
    onSuccess: async (result) => {
      setConfirming(false);
      setAction('');
      setLabel('');
      await queryClient.invalidateQueries();
      onDone(result.changed);
    },
    onError: () => setConfirming(false),
  });

  const body = () => {
    const certificateIds = selected.map((c) => c.id);
    switch (action) {
      case 'add-label':
      case 'remove-label':
        return { certificateIds, action, label };
      case 'assign-manager':
        return { certificateIds, action, managerId };
      case 'set-keystore-location':
        return { certificateIds, action, keystore: { host: host.trim() || null, path: path.trim() || null } };
      case 'mute':
        return {
          certificateIds,
          action,
          mute: {
            reason: muteReason,
            endDate: muteEndDate,
            ...(muteNote.trim() ? { note: muteNote.trim() } : {}),
          },
        };
      default:
        return null;
    }
  };
  const ask = () => {
    const found =
      action === 'add-label' || action === 'remove-label'
        ? labelProblem(m, label)
        : action === 'assign-manager' && !managerId
          ? m.bulk.chooseManager
          : action === 'mute' && !muteEndDate
            ? m.bulk.chooseEndDate
            : null;
    setProblem(found);
    if (!found) setConfirming(true);
  };

  if (allowed.length === 0) return null;
  const managerName = managers.find((p) => p.id === managerId)?.name ?? '';
  const what =
    action === 'add-label'
      ? m.bulk.confirmAddLabel(label.trim())
      : action === 'remove-label'
        ? m.bulk.confirmRemoveLabel(label.trim())
        : action === 'assign-manager'
          ? m.bulk.confirmAssignManager(managerName)
          : action === 'mute'
            ? m.bulk.confirmMute(m.mutes.reasons[muteReason], muteEndDate)
            : m.bulk.confirmKeystore([host.trim(), path.trim()].filter(Boolean).join(' ') || '—');
  return (
    <section className="bulk-bar" aria-label={m.bulk.title}>
      <p role="status">
        <strong>{m.bulk.selected(selected.length)}</strong>
      </p>
      <label>
        <span>{m.bulk.action}</span>
        <select value={action} onChange={(e) => setAction(e.target.value as BulkAction | '')}>
          <option value="">{m.common.choose}</option>
          {allowed.map((a) => (
            <option key={a} value={a}>
              {m.bulk.actions[a]}
            </option>
          ))}
        </select>
      </label>
      {(action === 'add-label' || action === 'remove-label') && (
        <LabelInput
          organisationId={organisationIds.length === 1 ? organisationIds[0] : undefined}
          value={label}
          onChange={setLabel}
          label={m.labels.label}
        />
      )}
      {action === 'assign-manager' && (
        <label>
          <span>{m.certificate.newManager}</span>
          <select value={managerId} onChange={(e) => setManagerId(e.target.value)}>
            <option value="">{m.common.choose}</option>
            {managers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {organisationIds.length > 1 && <small className="hint">{m.bulk.managerOfAll}</small>}
        </label>
      )}
      {action === 'set-keystore-location' && (
        <>
          <label>
            <span>{m.certificate.keystoreHost}</span>
            <input value={host} onChange={(e) => setHost(e.target.value)} />
          </label>
          <label>
            <span>{m.certificate.keystorePath}</span>
            <input value={path} onChange={(e) => setPath(e.target.value)} />
          </label>
          <small className="hint">{m.bulk.keystoreHint}</small>
        </>
      )}
      {action === 'mute' && (
        <>
          <label>
            <span>{m.common.reason}</span>
            <select value={muteReason} onChange={(e) => setMuteReason(e.target.value as MuteReason)}>
              {MUTE_REASONS.filter((r) => r !== 'replaced').map((r) => (
                <option key={r} value={r}>
                  {m.mutes.reasons[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{m.mutes.endDate}</span>
            <input type="date" value={muteEndDate} onChange={(e) => setMuteEndDate(e.target.value)} />
          </label>
          <label>
            <span>{muteReason === 'other' ? m.mutes.noteRequired : m.common.note}</span>
            <input value={muteNote} onChange={(e) => setMuteNote(e.target.value)} />
          </label>
        </>
      )}
      {action && (
        <button type="button" onClick={ask} disabled={run.isPending}>
          {m.bulk.apply}
        </button>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={run.error} />
      {confirming && (
        <ConfirmDialog
          title={m.bulk.confirmTitle(selected.length)}
          confirmLabel={m.bulk.confirm(selected.length)}
          cancelLabel={m.common.cancel}
          busy={run.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            const request = body();
            if (request) run.mutate({ body: request });
          }}
        >
          <p>{what}</p>
          <p className="hint">{m.bulk.allOrNothing}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
