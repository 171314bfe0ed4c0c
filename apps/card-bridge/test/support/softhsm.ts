// The SoftHSM2 eID tokens live in src/testing (exported as @certdesk/card-bridge/testing, for the end-to-end tests).
export * from '../../src/testing/softhsm.js';
