import type { CandidateRow } from '../../adapters/db/outbound/claim-reads.repository.ts';
import type { SenderRow } from '../../adapters/db/schema.ts';
import type { OutboundMessage, SenderConfig } from '../../domain/outreach/channel.ts';
import type { OutreachSettings } from '../../domain/settings/outreach.ts';

/** WhatsApp's customer-service window: free text for 24 hours after the customer last wrote. */
export const SERVICE_WINDOW_MS = 24 * 3_600_000;

/** One message handed to a worker: everything the channel needs, and what fences its outcome. */
export interface ClaimedMessage {
  readonly message: OutboundMessage;
  readonly sender: SenderConfig;
  /** This hand-off's number (1-based); with `workerId` it fences the outcome write. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly workerId: string;
  readonly leaseExpiresAt: Date;
  /** Whether the channel recognises a repeat by the idempotency key (see CHANNEL_POLICIES). */
  readonly resendSafe: boolean;
}

export function toOutboundMessage(row: CandidateRow, rules: OutreachSettings, now: Date): OutboundMessage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    idempotencyKey: row.idempotency_key,
    recipient: row.recipient,
    customer: { id: row.customer_id, name: row.customer_name, locale: row.customer_locale },
    text: row.body,
    template: row.template
      ? { name: row.template.name, language: row.template.language, bodyParams: row.template.bodyParams }
      : null,
    subject: row.subject,
    serviceWindowOpen:
      row.last_inbound_at !== null && now.getTime() - row.last_inbound_at.getTime() < SERVICE_WINDOW_MS,
    unsubscribeUrl: rules.unsubscribeUrl ? rules.unsubscribeUrl.replaceAll('{messageId}', row.id) : null,
    labels: row.labels,
    metadata: {
      ...row.metadata,
      messageId: row.id,
      kind: row.kind,
      ...(row.attempt_id ? { attemptId: row.attempt_id } : {}),
      ...(row.campaign_id ? { campaignId: row.campaign_id } : {}),
    },
  };
}

export function toSenderConfig(row: SenderRow): SenderConfig {
  return { id: row.id, channel: row.channel, settings: row.settings, secrets: row.secrets };
}
