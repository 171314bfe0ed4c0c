import { describe, expect, it } from '@jest/globals';
import { classifySmtpFailure } from './smtp-failure.js';

describe('an SMTP failure', () => {
  it.each([
    [
      'a 5xx to RCPT TO: the address is refused for good',
      {
        code: 'EENVELOPE',
        command: 'RCPT TO',
        responseCode: 550,
        response: '550 5.1.1 <x@y.be>: user unknown',
      },
      { addressRejected: true, serverUnavailable: false },
    ],
    [
      'a 4xx to RCPT TO: try again, the other addresses meanwhile',
      { code: 'EENVELOPE', command: 'RCPT TO', responseCode: 452, response: '452 full' },
      { addressRejected: false, serverUnavailable: false },
    ],
    [
      'a 5xx to MAIL FROM: the sender, not the address',
      { command: 'MAIL FROM', responseCode: 553, response: '553 no' },
      { addressRejected: false, serverUnavailable: false },
    ],
    [
      'a 5xx to DATA: the message or the server',
      { command: 'DATA', responseCode: 554, response: '554 rejected' },
      { addressRejected: false, serverUnavailable: false },
    ],
    [
      'a 421: the server closes the channel',
      { command: 'CONN', responseCode: 421, response: '421 4.3.2 shutting down' },
      { addressRejected: false, serverUnavailable: true },
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' }),
      { addressRejected: false, serverUnavailable: true },
    ],
    [
      'a timeout',
      Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }),
      { addressRejected: false, serverUnavailable: true },
    ],
  ])('%s', (_, error, expected) => {
    const failure = classifySmtpFailure(error);
    expect({
      addressRejected: failure.addressRejected,
      serverUnavailable: failure.serverUnavailable,
    }).toEqual(expected);
    expect(failure.message.length).toBeGreaterThan(0);
  });

  it('keeps the server reply, short', () => {
    const failure = classifySmtpFailure({
      code: 'EENVELOPE',
      command: 'RCPT TO',
      responseCode: 550,
      response: `550 ${'x'.repeat(2000)}`,
    });
    expect(failure.message.startsWith('EENVELOPE: 550 x')).toBe(true);
    expect(failure.message.length).toBeLessThanOrEqual(500);
  });
});
