// The notifier's SMTP client, in a thread of its own (src/delivery/mail-transport.ts starts it). Encoding a digest
// and writing it to the server is most of the CPU a mail costs; here it runs beside the main thread's queries,
// queue and templates instead of between them (docs/performance.md, notifier). Plain JavaScript: the thread is
// loaded as it is, from src in the tests and from dist in production (tsc copies it).
import { parentPort, workerData } from 'node:worker_threads';
import nodemailer from 'nodemailer';

/** @type {{ options: import('nodemailer/lib/smtp-pool/index.js').Options }} */
const { options } = workerData;
const transporter = nodemailer.createTransport(options);

/** The fields of nodemailer's error that say what failed (src/delivery/smtp-failure.ts reads them). */
function describe(error) {
  const e = error ?? {};
  return {
    message: typeof e.message === 'string' ? e.message : String(error),
    code: typeof e.code === 'string' ? e.code : undefined,
    command: typeof e.command === 'string' ? e.command : undefined,
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
    response: typeof e.response === 'string' ? e.response : undefined,
  };
}

/** Mails handed to nodemailer and not yet answered: on close, the thread ends once they are. */
let inFlight = 0;
let closing = false;

/** Once closing and nothing is in flight, the channel closes and the thread ends (its connections closed). */
function endIfDone() {
  if (closing && inFlight === 0) parentPort.close();
}

parentPort.on('message', (request) => {
  if (request.close) {
    // Idle connections close now; a mail in flight still gets its answer back (the server may accept it).
    closing = true;
    transporter.close();
    endIfDone();
    return;
  }
  inFlight += 1;
  transporter
    .sendMail(request.mail)
    .then(
      (info) =>
        parentPort.postMessage({ id: request.id, messageId: info.messageId, response: info.response }),
      (error) => parentPort.postMessage({ id: request.id, error: describe(error) }),
    )
    .finally(() => {
      inFlight -= 1;
      endIfDone();
    });
});
