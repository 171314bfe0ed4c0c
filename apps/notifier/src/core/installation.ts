/** The injection token of this database's installation id (@certdesk/persistence installationId). */
export const INSTALLATION_ID = Symbol('INSTALLATION_ID');
