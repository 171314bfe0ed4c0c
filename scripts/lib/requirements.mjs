// What the tests and the stack need from the machine, in one place.
export const TEST_DEBIAN_PACKAGES = [
  // libs/pki cross-checks its keystores against the openssl tool.
  'openssl',
  // The card-bridge tests use a SoftHSM2 token provisioned like an eID card.
  'softhsm2',
  'opensc',
  // The dashboard's end-to-end tests drive Debian's chromium with playwright-core (never a browser download).
  'chromium',
  'fonts-liberation',
  // The fault tests (test/faults) start their own servers: redis-server as a primary, a replica and Sentinels
  // (`redis-server --sentinel`), and a Postgres cluster of their own (initdb, pg_ctl).
  'redis-server',
  'postgresql',
];
