// A local SMTP sink for the benchmark, in its own process (so it does not share the measured process' CPU):
// accepts every message on loopback, counts them, and answers { count } to any IPC message.
import { SMTPServer } from 'smtp-server';

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  maxClients: 1000,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      count += 1;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
process.on('message', () => process.send({ count }));
process.on('disconnect', () => server.close(() => process.exit(0)));
