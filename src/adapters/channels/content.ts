/**
 * Which form a message goes out in, the same rule for every channel: the template when the
 * customer-service window is closed or there is no text, else the text. WhatsApp enforces the
 * window; other channels honour the same decision so the queue sees one behaviour.
 */

import type { OutboundMessage } from '../../domain/outreach/channel.ts';

export function plannedForm(message: OutboundMessage): 'text' | 'template' | null {
  if (message.template !== null && (!message.serviceWindowOpen || message.text === null)) return 'template';
  return message.text !== null ? 'text' : null;
}
