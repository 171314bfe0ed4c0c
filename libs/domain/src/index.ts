// @certdesk/domain: the Belgian eHealth certificate rules, pure TypeScript (no I/O; runs in Node and browsers).
export * from './result.js';

export * from './identifiers/ssin.js';
export * from './identifiers/cbe.js';
export * from './identifiers/nihii.js';
export * from './identifiers/check-identifier.js';
export { withMod97CheckDigits, writtenNumberDigits } from './identifiers/digits.js';

export * from './ehealth/identifier-types.js';
export * from './ehealth/identifier-input.js';
export * from './ehealth/distinguished-name.js';
export * from './ehealth/subject.js';
export * from './ehealth/eid-subject.js';
export * from './ehealth/keystore-file-name.js';
export * from './ehealth/text.js';

export * from './environment.js';
export * from './brussels-date.js';
export * from './status.js';
export * from './status-thresholds.js';
export * from './password-policy.js';
export * from './production-limit.js';

export * from './lifecycle/renewal.js';
export * from './lifecycle/new-request.js';
export * from './lifecycle/revocation.js';
export * from './lifecycle/usages.js';

export * from './reminders.js';
export * from './certificate-description.js';
export * from './etk-directory.js';
export * from './webhooks.js';
export * from './readiness.js';
export * from './labels.js';
export * from './mutes.js';
export * from './cut-over-reminders.js';
