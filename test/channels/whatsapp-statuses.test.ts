import { describe, expect, it } from 'vitest';
import {
  parseWhatsAppStatuses,
  type WhatsAppStatus,
} from '../../src/adapters/channels/whatsapp-cloud/statuses.ts';
import { readFixture } from './support.ts';

const at = (seconds: number) => new Date(seconds * 1000);

describe('parseWhatsAppStatuses on the collected webhooks', () => {
  it.each<[string, WhatsAppStatus]>([
    [
      'status_sent_pywa.json',
      {
        providerMessageId: 'wamid.xyzxyz',
        status: 'sent',
        at: at(1698266945),
        recipient: '972987654321',
        phoneNumberId: '1122334455667',
      },
    ],
    [
      'status_sent_courier.json',
      {
        providerMessageId: 'external_id',
        status: 'sent',
        at: at(1454119029),
        recipient: '5678',
        phoneNumberId: '1234567890',
      },
    ],
    [
      'status_delivered_pywa.json',
      {
        providerMessageId: 'wamid.xyzxyz',
        status: 'delivered',
        at: at(1698266945),
        recipient: '972987654321',
        phoneNumberId: '1122334455667',
      },
    ],
    [
      'status_read_pywa.json',
      {
        providerMessageId: 'wamid.xyzxyz',
        status: 'read',
        at: at(1689380458),
        recipient: '972987654321',
        phoneNumberId: '1122334455667',
      },
    ],
    [
      'status_sent_with_biz_opaque_callback_data_pywa.json',
      {
        providerMessageId: 'wamid.xyzxyz',
        status: 'sent',
        at: at(1698266945),
        recipient: '972987654321',
        phoneNumberId: '1122334455667',
        idempotencyKey: 'some data',
      },
    ],
    [
      'status_failed_131047_composed.json',
      {
        providerMessageId: 'wamid.xyzxyz',
        status: 'failed',
        at: at(1689380458),
        recipient: '972987654321',
        phoneNumberId: '1122334455667',
        errorCode: '131047',
        errorTitle: 'Re-engagement message',
        errorAction: 'needs_template',
      },
    ],
    [
      'status_failed_131048_composed.json',
      {
        providerMessageId: 'wamid.xyzxyz',
        status: 'failed',
        at: at(1689380458),
        recipient: '972987654321',
        phoneNumberId: '1122334455667',
        errorCode: '131048',
        errorTitle: 'Spam rate limit hit',
        errorAction: 'pause_sender',
      },
    ],
    [
      'status_failed_131026_real_restfb_issue1344.json',
      {
        providerMessageId: 'wamid.HBgLMzI0NzY3NTUzNzYVAgARGBIzOTI2MzFGRjdBRjA4M0Y2RDQA',
        status: 'failed',
        at: at(1698231447),
        recipient: 'REDACTED',
        phoneNumberId: 'REDACTED',
        errorCode: '131026',
        errorTitle: 'Receiver is incapable of receiving this message',
        errorAction: 'fail',
      },
    ],
    [
      'status_failed_130472_pywa.json',
      {
        providerMessageId: 'wamid.xyzxyz',
        status: 'failed',
        at: at(1689380458),
        recipient: '972987654321',
        phoneNumberId: '1122334455667',
        errorCode: '130472',
        errorTitle: "User's number is part of an experiment",
        errorAction: 'fail',
      },
    ],
    [
      // Only `code` and `title` in the error; 131014 is not in Meta's send table: it fails.
      'status_failed_131014_courier.json',
      {
        providerMessageId: 'external_id',
        status: 'failed',
        at: at(1454119029),
        recipient: '5678',
        phoneNumberId: '1234567890',
        errorCode: '131014',
        errorTitle: 'Request for url https://URL.jpg failed with error: 404 (Not Found)',
        errorAction: 'fail',
      },
    ],
  ])('%s', (fixture, expected) => {
    expect(parseWhatsAppStatuses(readFixture('whatsapp', fixture))).toEqual([expected]);
  });

  it.each([
    'inbound_text_meta_docs.json',
    'inbound_interactive_with_webhook_error_131000_pywa.json',
    'webhook_value_errors_130429_meta_docs.json',
    'webhook_value_errors_code0_courier.json',
  ])('finds no status in %s (messages and app-level errors are not statuses)', (fixture) => {
    expect(parseWhatsAppStatuses(readFixture('whatsapp', fixture))).toEqual([]);
  });
});

describe('parseWhatsAppStatuses on odd input', () => {
  const envelope = (statuses: unknown[], field = 'messages') => ({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field, value: { metadata: { phone_number_id: '9' }, statuses } }] }],
  });
  const valid = { id: 'wamid.A', status: 'delivered', timestamp: '1700000000', recipient_id: '55119' };

  it('keeps every status of a batch, in order, and skips the unusable ones', () => {
    const body = envelope([
      valid,
      { ...valid, id: 'wamid.B', status: 'read', timestamp: 1700000100 },
      { ...valid, id: 'wamid.C', status: 'deleted' },
      { ...valid, id: 'wamid.D', timestamp: 'soon' },
      { ...valid, id: '' },
      { ...valid, id: 'wamid.E', recipient_id: undefined },
      'nonsense',
    ]);
    expect(
      parseWhatsAppStatuses(body).map((s) => [s.providerMessageId, s.status, s.at.toISOString()]),
    ).toEqual([
      ['wamid.A', 'delivered', '2023-11-14T22:13:20.000Z'],
      ['wamid.B', 'read', '2023-11-14T22:15:00.000Z'],
    ]);
  });

  it('ignores other webhook fields and anything that is not an envelope', () => {
    expect(parseWhatsAppStatuses(envelope([valid], 'account_update'))).toEqual([]);
    for (const body of [
      null,
      undefined,
      'text',
      42,
      [],
      {},
      { entry: 'x' },
      { entry: [{ changes: [null] }] },
    ]) {
      expect(parseWhatsAppStatuses(body)).toEqual([]);
    }
  });
});
