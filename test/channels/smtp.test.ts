import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpChannel } from '../../src/adapters/channels/smtp/client.ts';
import { closedPortUrl, NO_SIGNAL, outbound, sender } from './support.ts';

/**
 * A real SMTP server on 127.0.0.1 (smtp-server, from nodemailer's author): it checks the login,
 * refuses some recipients the way real servers do, and keeps every accepted message raw.
 */
interface Received {
  from: string;
  to: string[];
  raw: string;
}

const received: Received[] = [];
let connections = 0;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

const server = new SMTPServer({
  authMethods: ['PLAIN', 'LOGIN'],
  allowInsecureAuth: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onConnect(_session, callback) {
    connections += 1;
    callback();
  },
  onAuth(auth, _session, callback) {
    if (auth.username === 'mailer' && auth.password === 'secret')
      return callback(null, { user: auth.username });
    return callback(smtpError('Authentication credentials invalid', 535));
  },
  onMailFrom(address: SMTPServerAddress, _session, callback) {
    if (address.address.endsWith('@unverified.example'))
      return callback(smtpError('Sender address rejected', 553));
    return callback();
  },
  onRcptTo(address: SMTPServerAddress, _session, callback) {
    if (address.address.startsWith('nobody@')) return callback(smtpError('Mailbox unavailable', 550));
    if (address.address.startsWith('busy@'))
      return callback(smtpError('Service not available, try again later', 421));
    return callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});

let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = createSmtpChannel({ timeoutMs: 3000 });
afterEach(() => {
  client.close();
  received.length = 0;
  connections = 0;
});

function mailbox(settings: Record<string, unknown> = {}, password = 'secret') {
  return sender(
    'email',
    { host: '127.0.0.1', port, secure: false, from: 'Salão Aurora <contato@aurora.example>', ...settings },
    { user: 'mailer', password },
  );
}

const email = (overrides = {}) =>
  outbound({
    recipient: 'ana@example.com',
    idempotencyKey: 'attempt-42.email.1',
    subject: 'We miss you',
    text: 'Hi Ana,\nit has been a while since your last cut.',
    unsubscribeUrl: 'https://aurora.example/u/abc123',
    customer: { id: 'c1', name: 'Ana', locale: 'en' },
    ...overrides,
  });

/** Unfolds header continuation lines, so a header can be matched whole. */
const headers = (raw: string) => raw.split(/\r\n\r\n/)[0]!.replace(/\r\n[ \t]+/g, ' ');

describe('SMTP: what is sent', () => {
  it('delivers a plain-text e-mail with the unsubscribe header and line and a Message-ID from the key', async () => {
    const result = await client.send(email(), mailbox({ replyTo: 'agenda@aurora.example' }), NO_SIGNAL);

    expect(result).toEqual({
      kind: 'sent',
      providerMessageId: '<rekindle.attempt-42.email.1@aurora.example>',
      as: 'text',
    });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail?.from).toBe('contato@aurora.example');
    expect(mail?.to).toEqual(['ana@example.com']);
    const head = headers(mail!.raw);
    expect(head).toContain('Message-ID: <rekindle.attempt-42.email.1@aurora.example>');
    expect(head).toContain('Subject: We miss you');
    expect(head).toContain('List-Unsubscribe: <https://aurora.example/u/abc123>');
    expect(head).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(head).toContain('Reply-To: agenda@aurora.example');
    expect(head).toMatch(/Content-Type: text\/plain/);
    expect(mail?.raw).toContain('it has been a while since your last cut.');
    expect(mail?.raw).toContain('To stop receiving these e-mails: https://aurora.example/u/abc123');
  });

  it('gives a repeated send the same Message-ID, so the duplicate is recognisable', async () => {
    const first = await client.send(email(), mailbox(), NO_SIGNAL);
    const second = await client.send(email(), mailbox(), NO_SIGNAL);
    expect(second).toEqual(first);
    const ids = received.map((m) => /Message-ID: (.*)/.exec(m.raw)?.[1]);
    expect(ids[0]).toBe(ids[1]);
  });

  it('reuses one connection for a mailbox rather than dialling per message', async () => {
    await client.send(email(), mailbox(), NO_SIGNAL);
    await client.send(email({ idempotencyKey: 'k2' }), mailbox(), NO_SIGNAL);
    expect(received).toHaveLength(2);
    expect(connections).toBe(1);
  });

  it('fails a message without text, without connecting', async () => {
    const result = await client.send(email({ text: null }), mailbox(), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', code: 'no_text', action: 'fail' });
    expect(connections).toBe(0);
  });
});

describe('SMTP: error answers', () => {
  it('fails the message on 550 (mailbox unavailable)', async () => {
    const result = await client.send(email({ recipient: 'nobody@example.com' }), mailbox(), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', code: 'smtp_550', action: 'fail' });
  });

  it('retries on 421 (service not available)', async () => {
    const result = await client.send(email({ recipient: 'busy@example.com' }), mailbox(), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', code: 'smtp_421', action: 'retry' });
  });

  it('pauses the mailbox on 535 (wrong password)', async () => {
    const result = await client.send(email(), mailbox({}, 'wrong'), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', code: 'smtp_535', action: 'pause_sender' });
    expect(received).toHaveLength(0);
  });

  it('pauses the mailbox when the server refuses its From address', async () => {
    const result = await client.send(email(), mailbox({ from: 'x@unverified.example' }), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', code: 'smtp_553', action: 'pause_sender' });
  });

  it('retries when the server cannot be reached', async () => {
    const url = new URL(await closedPortUrl());
    const result = await client.send(email(), mailbox({ port: Number(url.port) }), NO_SIGNAL);
    expect(result).toMatchObject({ kind: 'failed', action: 'retry' });
  });

  it('pauses a mailbox whose settings are unusable', async () => {
    const result = await client.send(email(), sender('email', { port }, {}), NO_SIGNAL);
    expect(result).toMatchObject({ code: 'invalid_sender_config', action: 'pause_sender' });
  });
});
