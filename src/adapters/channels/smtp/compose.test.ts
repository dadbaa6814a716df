import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../domain/outreach/channel.ts';
import { composeEmail, messageIdFor, senderDomain, subjectFromText, unsubscribeLine } from './compose.ts';

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: 'm1',
  tenantId: 't1',
  idempotencyKey: 'k1',
  recipient: 'ana@example.com',
  customer: { id: 'c1', name: 'Ana', locale: 'pt-BR' },
  text: 'Oi Ana, sentimos sua falta!\nQue tal voltar esta semana?',
  template: null,
  serviceWindowOpen: true,
  metadata: {},
  ...overrides,
});
const settings = { from: 'Salão Aurora <contato@aurora.example>', oneClickUnsubscribe: true };

describe('composeEmail', () => {
  it('adds the unsubscribe header, one-click header and a line in the customer language', () => {
    const mail = composeEmail(message({ unsubscribeUrl: 'https://a.example/u/1' }), settings);
    expect(mail?.headers).toEqual({
      'List-Unsubscribe': '<https://a.example/u/1>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(mail?.text).toBe(
      'Oi Ana, sentimos sua falta!\nQue tal voltar esta semana?\n\n-- \nPara não receber mais estes e-mails: https://a.example/u/1\n',
    );
  });

  it('leaves out one-click when the tenant turned it off, and everything when there is no link', () => {
    expect(
      composeEmail(message({ unsubscribeUrl: 'https://a.example/u/1' }), {
        ...settings,
        oneClickUnsubscribe: false,
      })?.headers,
    ).toEqual({
      'List-Unsubscribe': '<https://a.example/u/1>',
    });
    const plain = composeEmail(message(), settings);
    expect(plain?.headers).toEqual({});
    expect(plain?.text).not.toContain('-- ');
  });

  it.each([
    [{ subject: 'Volte!' }, {}, 'Volte!'],
    [{ subject: null }, { defaultSubject: 'Novidades do Aurora' }, 'Novidades do Aurora'],
    [{ subject: '  ' }, {}, 'Oi Ana, sentimos sua falta!'],
  ])('subject from %j and %j → %s', (overrides, extra, subject) => {
    expect(composeEmail(message(overrides), { ...settings, ...extra })?.subject).toBe(subject);
  });

  it('has nothing to send without text', () => {
    expect(composeEmail(message({ text: null }), settings)).toBeNull();
    expect(composeEmail(message({ text: '  \n' }), settings)).toBeNull();
  });
});

describe('messageIdFor', () => {
  it('keeps a key that is a valid dot-atom, so the id reads back to the queue row', () => {
    expect(messageIdFor('attempt-42.email.1', settings.from)).toBe(
      '<rekindle.attempt-42.email.1@aurora.example>',
    );
  });

  it('hashes a key with characters a Message-ID cannot carry, stably', () => {
    const id = messageIdFor('attempt 42:email', settings.from);
    expect(id).toMatch(/^<rekindle\.[0-9a-f]{64}@aurora\.example>$/);
    expect(messageIdFor('attempt 42:email', settings.from)).toBe(id);
    expect(messageIdFor('attempt 43:email', settings.from)).not.toBe(id);
  });
});

describe('helpers', () => {
  it.each([
    ['contato@aurora.example', 'aurora.example'],
    ['"Aurora, Salão" <a@b.example>', 'b.example'],
    ['no address', 'rekindle.invalid'],
  ])('senderDomain(%s) = %s', (from, domain) => {
    expect(senderDomain(from)).toBe(domain);
  });

  it('cuts a long first line at a word for the subject', () => {
    const long = `${'palavra '.repeat(15)}fim`;
    const subject = subjectFromText(long);
    expect(subject.length).toBeLessThanOrEqual(78);
    expect(subject.endsWith('palavra…')).toBe(true);
  });

  it.each([
    ['en-US', 'To stop receiving these e-mails: U'],
    ['es', 'Para dejar de recibir estos correos: U'],
    ['ru', 'Чтобы больше не получать эти письма: U'],
    ['de', 'To stop receiving these e-mails: U'],
    [null, 'To stop receiving these e-mails: U'],
  ])('unsubscribe line for %s', (locale, line) => {
    expect(unsubscribeLine(locale, 'U')).toBe(line);
  });
});
