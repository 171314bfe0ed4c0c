/** The audit actions of muting (the audit trail is the record of who muted what, why, until when, and who unmuted). */
export const MUTE_ACTIONS = {
  certificateMuted: 'certificate.muted',
  certificateUnmuted: 'certificate.unmuted',
  warningMuted: 'warning.muted',
  warningUnmuted: 'warning.unmuted',
} as const;

/** What the audit trail keeps of a mute. */
export function muteAuditSummary(mute: {
  id: string;
  warningCode: string | null;
  reason: string;
  note: string | null;
  replacedByCertificateId: string | null;
  endDate: string;
}): object {
  return {
    muteId: mute.id,
    warningCode: mute.warningCode,
    reason: mute.reason,
    note: mute.note,
    replacedByCertificateId: mute.replacedByCertificateId,
    endDate: mute.endDate,
  };
}
