// The notifier's mail content: pure functions from facts to { subject, text, html }, in the organisation's
// languages. The engine (apps/notifier) gathers the facts and sends; nothing here does I/O.
export { renderDigest } from './digest.js';
export { renderUrgent } from './urgent.js';
export { renderStalledRenewal } from './stalled-renewal.js';
export { renderDeploymentNotice } from './deployment-notice.js';
export { renderReadinessEscalation, type ReadinessEscalationInput } from './readiness-escalation.js';
export { renderSetPasswordLink, type SetPasswordLinkInput } from './set-password-link.js';
export { escapeHtml } from './html.js';
export { TemplateInputError } from './validate.js';
export {
  DEFAULT_LANGUAGES,
  LANGUAGES,
  type DeploymentNoticeInput,
  type DigestInput,
  type Language,
  type ReminderLine,
  type RenderedMail,
  type StalledRenewalInput,
  type UrgentInput,
} from './types.js';
