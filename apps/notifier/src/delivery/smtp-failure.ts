/** What an SMTP failure means for a delivery. */
export interface SmtpFailure {
  /**
   * The server refused this address for good (a 5xx reply to RCPT TO): the delivery fails and the contact is
   * flagged. Anything else (connection refused, timeouts, 4xx, a 5xx to MAIL FROM or DATA, which says more
   * about the sender or the server than about the address) is retried: nothing is dropped on a guess.
   */
  addressRejected: boolean;
  /**
   * The server did not take mail at all (no reply: refused, timed out, dropped; or 421, closing the channel): the
   * next address would fail the same way, so a job with several stops at this one.
   */
  serverUnavailable: boolean;
  /** The server's reply or the error, short enough to show to an administrator. */
  message: string;
}

interface NodemailerError {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

const MAX_MESSAGE = 500;

export function classifySmtpFailure(error: unknown): SmtpFailure {
  const e = (error ?? {}) as NodemailerError;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const addressRejected =
    responseCode !== null && responseCode >= 500 && responseCode < 600 && /^RCPT/i.test(e.command ?? '');
  const text = (e.response ?? e.message ?? String(error)).replace(/\s+/g, ' ').trim();
  const message = [e.code && !text.includes(e.code) ? e.code : null, text].filter(Boolean).join(': ');
  const serverUnavailable = responseCode === null || responseCode === 421;
  return { addressRejected, serverUnavailable, message: message.slice(0, MAX_MESSAGE) };
}
