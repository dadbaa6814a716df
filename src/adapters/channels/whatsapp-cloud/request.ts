/**
 * Request bodies for `POST /{version}/{phone-number-id}/messages`, field for field as Meta's
 * OpenAPI v23.0 examples (shared/fixtures/whatsapp/send_request_text.json and
 * send_request_template_body_params.json), plus `biz_opaque_callback_data`, which Meta echoes in
 * every status webhook of the message (status_sent_with_biz_opaque_callback_data_pywa.json).
 */

import type { TemplateRef } from '../../../domain/outreach/channel.ts';

/** Meta's documented maximum for `biz_opaque_callback_data`. */
export const MAX_CALLBACK_DATA = 512;

/**
 * E.164 with its '+'. Meta's documented response echoes such an input (`contacts[0].input:
 * "+16505551234"` in send_response_success.json), and Meta's phone-number-format guidance
 * recommends the plus sign with the country code: a number without it may be read relative to
 * the *business* number's country, misdirecting an international customer. Spaces, dashes and
 * brackets that slipped through an import are dropped.
 */
export function whatsAppRecipient(recipient: string): string {
  const digits = recipient.replace(/[^\d]/g, '');
  return `+${digits}`;
}

function tracking(idempotencyKey: string): { biz_opaque_callback_data?: string } {
  // A longer key would be rejected with the message; without it only the crash-reconciliation
  // shortcut is lost, the send itself is unaffected.
  return idempotencyKey.length <= MAX_CALLBACK_DATA ? { biz_opaque_callback_data: idempotencyKey } : {};
}

export function textMessageBody(to: string, text: string, idempotencyKey: string): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: whatsAppRecipient(to),
    type: 'text',
    // No link previews: Meta would fetch every link we send, and a preview card can crowd out
    // the words of a short personal message.
    text: { body: text, preview_url: false },
    ...tracking(idempotencyKey),
  };
}

export function templateMessageBody(
  to: string,
  template: TemplateRef,
  idempotencyKey: string,
): Record<string, unknown> {
  const components =
    template.bodyParams.length > 0
      ? [{ type: 'body', parameters: template.bodyParams.map((text) => ({ type: 'text', text })) }]
      : [];
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: whatsAppRecipient(to),
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      // A template without variables takes no components at all.
      ...(components.length > 0 ? { components } : {}),
    },
    ...tracking(idempotencyKey),
  };
}
