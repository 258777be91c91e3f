// Sending e-mail through SMTP_URL with nodemailer, behind a small interface, with messages a person can act on.
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import { AppError } from '../../shared/errors.ts';
import { publicBase } from '../calendar/links.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Thrown by send(): `connection` failures concern every message (stop the run); others concern this one. */
export class MailError extends Error {
  readonly connection: boolean;
  constructor(message: string, connection: boolean) {
    super(message);
    this.name = 'MailError';
    this.connection = connection;
  }
}

/** host:port of an SMTP URL, for messages: the URL itself may carry a password and is never shown. */
export function smtpServerOf(smtpUrl: string): string {
  try {
    const u = new URL(smtpUrl);
    return `${u.hostname}:${u.port || (u.protocol === 'smtps:' ? '465' : '587')}`;
  } catch {
    return 'the SMTP server';
  }
}

export function checkSmtpUrl(smtpUrl: string | undefined): string {
  if (!smtpUrl) {
    throw new AppError(
      'unavailable',
      'SMTP_URL is not set: set it to the mail server, e.g. smtp://user:password@mail.example.com:587 (or run without --send to print the digests)',
    );
  }
  let protocol = '';
  try {
    protocol = new URL(smtpUrl).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new AppError(
      'unavailable',
      'SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465',
    );
  }
  return smtpUrl;
}

/** The default sender: SMTP_FROM when set, else relance@ the public host (or localhost). */
export function defaultSender(publicBase: string): string {
  const host = new URL(publicBase).hostname;
  const domain = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host) && !/^[\d.]+$/.test(host) ? host : 'localhost';
  return `"Relance" <relance@${domain}>`;
}

interface SmtpFailure {
  code?: string;
  response?: string;
  message?: string;
}

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'EAUTH',
  'ETLS',
  'EPROTOCOL',
]);

function describeFailure(err: unknown, server: string, to: string): MailError {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SmtpFailure;
  const why = (e.response ?? e.message ?? 'unknown error').split('\n')[0];
  if (e.code === 'EAUTH') {
    return new MailError(
      `The SMTP server ${server} refused the login (${why}): check the user and password in SMTP_URL`,
      true,
    );
  }
  if (e.code && CONNECTION_CODES.has(e.code)) {
    return new MailError(
      `Could not send through the SMTP server ${server} (${why}): check SMTP_URL and that the server accepts connections`,
      true,
    );
  }
  // Anything else (a refused recipient or message) concerns this message only.
  return new MailError(`The SMTP server ${server} did not accept the message to ${to} (${why})`, false);
}

export function createMailer(smtpUrl: string, from: string): Mailer {
  const server = smtpServerOf(smtpUrl);
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // Bounded waits: a claim older than these (see digest.service) can safely be taken over.
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({ from, ...message });
      } catch (err) {
        throw describeFailure(err, server, message.to);
      }
    },
    close() {
      transport.close();
    },
  };
}

/** The deployment's sender: SMTP_URL, from SMTP_FROM or relance@ the public host. Throws when SMTP_URL is unusable. */
export function mailerFromConfig(
  config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM' | 'RELANCE_PUBLIC_URL' | 'HOST' | 'PORT'>,
): Mailer {
  return createMailer(checkSmtpUrl(config.SMTP_URL), config.SMTP_FROM || defaultSender(publicBase(config)));
}
