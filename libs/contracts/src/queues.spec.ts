import { describe, expect, it } from '@jest/globals';
import { outboxJobId, queuePrefixOwnerKey, reminderScanJobId, reminderSendJobId } from './queues.js';

describe('job ids', () => {
  it.each([
    ['a scan', reminderScanJobId('6f1c0c7e-7d4b-4c4e-9a53-2b1d1f3e2a10')],
    ['a send', reminderSendJobId('6f1c0c7e-7d4b-4c4e-9a53-2b1d1f3e2a10', ['info@ambu.be'])],
    ['a send to an odd address', reminderSendJobId('outbox-12', ['"a:b"@odd.example', 'b@c.be'])],
    ['an outbox message', outboxJobId('0b0d0a53-6a4e-4f0e-9f43-6c0f1d1e2a77', '12')],
  ])('for %s are BullMQ-valid custom ids: no ":" and not an integer', (_, id) => {
    expect(id).not.toContain(':');
    expect(Number.isInteger(Number(id))).toBe(false);
  });

  it('are deterministic and tell recipients and batches apart', () => {
    expect(reminderSendJobId('run-1', ['info@a.be'])).toBe(reminderSendJobId('run-1', ['info@a.be']));
    expect(reminderSendJobId('run-1', ['info@a.be'])).not.toBe(reminderSendJobId('run-2', ['info@a.be']));
    expect(reminderSendJobId('run-1', ['info@a.be'])).not.toBe(reminderSendJobId('run-1', ['info@b.be']));
    // Another set of addresses of the same batch is another job, whichever address they share.
    expect(reminderSendJobId('run-1', ['a@a.be', 'b@b.be'])).not.toBe(
      reminderSendJobId('run-1', ['a@a.be', 'c@c.be']),
    );
    expect(reminderSendJobId('run-1', ['a@a.be', 'b@b.be'])).not.toBe(reminderSendJobId('run-1', ['a@a.be']));
    // The separator cannot be forged by a batch or an address that contains it.
    expect(reminderSendJobId('a-b', ['c@d'])).not.toBe(reminderSendJobId('a', ['b-c@d']));
    expect(reminderSendJobId('a', ['b/c@d'])).not.toBe(reminderSendJobId('a/b', ['c@d']));
    expect(reminderSendJobId('run-1', ['a@b/c@d'])).not.toBe(reminderSendJobId('run-1', ['a@b', 'c@d']));
  });

  it('tell the same outbox row of two databases apart', () => {
    expect(outboxJobId('installation-a', '1')).not.toBe(outboxJobId('installation-b', '1'));
    expect(outboxJobId('a/b', '1')).not.toBe(outboxJobId('a', 'b/1'));
  });
});

describe('the queue prefix owner key', () => {
  it('lives under the prefix, beside the queues', () => {
    expect(queuePrefixOwnerKey('certdesk')).toBe('certdesk:owner');
  });
});

describe('ETK discovery job ids', () => {
  it('are BullMQ-valid, one per organisation and run, unforgeable by their parts', async () => {
    const { etkDiscoveryJobId } = await import('./etk-discovery.js');
    const id = etkDiscoveryJobId(
      'repeat:etk-discovery:1700000000000',
      '6f1c0c7e-7d4b-4c4e-9a53-2b1d1f3e2a10',
    );
    expect(id).not.toContain(':');
    expect(etkDiscoveryJobId('run-1', 'a')).not.toBe(etkDiscoveryJobId('run-2', 'a'));
    expect(etkDiscoveryJobId('a/b', 'c')).not.toBe(etkDiscoveryJobId('a', 'b/c'));
  });
});
