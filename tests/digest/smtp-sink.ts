// A real SMTP server for tests (smtp-server on 127.0.0.1, a free port), keeping every message it accepts,
// parsed with mailparser. It can also refuse: every recipient (550), or every connection (554 greeting).
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  /** RCPT TO addresses of the envelope. */
  to: string[];
  mail: ParsedMail;
}

export interface SmtpSink {
  url: string;
  received: Received[];
  /** What the server does now; tests switch it to make a run fail, then succeed. */
  mode: 'accept' | 'refuse-recipients' | 'refuse-connections';
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const sink: SmtpSink = { url: '', received: [], mode: 'accept', close: async () => {} };
  const refusal = (message: string, responseCode: number) =>
    Object.assign(new Error(message), { responseCode });
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onConnect(_session, callback) {
      callback(sink.mode === 'refuse-connections' ? refusal('No mail accepted from you', 554) : null);
    },
    onRcptTo(address, _session, callback) {
      callback(
        sink.mode === 'refuse-recipients' ? refusal(`Mailbox ${address.address} unavailable`, 550) : null,
      );
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          sink.received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}
