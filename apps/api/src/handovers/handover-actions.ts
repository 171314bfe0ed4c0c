/** The audit actions of the handover (src/lifecycle records the reassignment itself, per certificate). */
export const HANDOVER_ACTIONS = {
  opened: 'handover.opened',
  signed: 'handover.signed',
  completed: 'handover.completed',
  cancelled: 'handover.cancelled',
  flaggedRevokeAndRequestAgain: 'certificate.revoke-and-request-again',
} as const;

/** How long the two signatures may take: past this the facts in the document (keystores, custodians) may be stale. */
export const HANDOVER_SIGNING_DAYS = 30;
