import { describe, expect, it } from '@jest/globals';
import type { Me } from '../api/types.js';
import { can } from './permissions.js';

const me = (centralAdmin: boolean, organisations: Me['organisations'] = []): Me => ({
  userId: 'u',
  personId: 'p',
  name: 'N',
  email: 'n@example.org',
  centralAdmin,
  organisations,
});
const viewerOfA = me(false, [{ organisationId: 'A', roles: ['viewer'], permissions: ['certificate.read'] }]);
const managerOfB = me(false, [
  {
    organisationId: 'B',
    roles: ['certificate-manager'],
    permissions: ['certificate.read', 'certificate.lifecycle'],
  },
]);

describe('can', () => {
  it.each([
    ['nobody logged in', undefined, 'certificate.read', 'A', false],
    ['a central administrator, anywhere', me(true), 'certificate.lifecycle', 'Z', true],
    ['a viewer, reading its organisation', viewerOfA, 'certificate.read', 'A', true],
    ['a viewer, changing state', viewerOfA, 'certificate.lifecycle', 'A', false],
    ['a viewer, in another organisation', viewerOfA, 'certificate.read', 'B', false],
    ['a manager, in its organisation', managerOfB, 'certificate.lifecycle', 'B', true],
    ['a manager, in some organisation', managerOfB, 'certificate.lifecycle', undefined, true],
    ['a manager, elsewhere', managerOfB, 'certificate.lifecycle', 'A', false],
  ] as const)('%s', (_who, user, permission, organisationId, expected) => {
    expect(can(user, permission, organisationId)).toBe(expected);
  });
});
