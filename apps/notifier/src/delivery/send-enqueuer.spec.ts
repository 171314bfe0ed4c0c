import { describe, expect, it } from '@jest/globals';
import { groupRecipients } from './send-enqueuer.js';

const addresses = (n: number) => Array.from({ length: n }, (_, i) => `info-${i}@org.test`);

describe('the send jobs of a batch', () => {
  it('keep one address a job while there are fewer than eight per concurrent send', () => {
    expect(groupRecipients(addresses(5), 10).map((group) => group.length)).toEqual([1, 1, 1, 1, 1]);
    // A few hundred addresses still keep the sends of three replicas busy.
    expect(groupRecipients(addresses(79), 10)).toHaveLength(79);
  });

  it('share the addresses out so that every concurrent send has four jobs, ten at most a job', () => {
    expect(groupRecipients(addresses(120), 10).map((group) => group.length)).toEqual(Array(40).fill(3));
    const national = groupRecipients(addresses(1_005), 10);
    expect(national).toHaveLength(101);
    expect(Math.max(...national.map((group) => group.length))).toBe(10);
  });

  it('carry every address exactly once, in order', () => {
    expect(groupRecipients(addresses(47), 4).flat()).toEqual(addresses(47));
    expect(groupRecipients([], 10)).toEqual([]);
  });
});
