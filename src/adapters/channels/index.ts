export type { ChatwootOptions, ChatwootRecipient } from './chatwoot/client.ts';
export {
  chatwootSecrets,
  chatwootSettings,
  createChatwootChannel,
  parseChatwootRecipient,
} from './chatwoot/client.ts';
export type { LogChannelClient, LogChannelOptions, LogRecord } from './log/client.ts';
export { createLogChannel } from './log/client.ts';
export type { ChannelRegistry, ChannelRegistryOptions } from './registry.ts';
export { createChannelRegistry } from './registry.ts';
export type { MailTransport, SmtpChannelClient, SmtpOptions, SmtpTransportFactory } from './smtp/client.ts';
export { createSmtpChannel, smtpSecrets, smtpSettings } from './smtp/client.ts';
export type { ComposedEmail, EmailSettings } from './smtp/compose.ts';
export { composeEmail, messageIdFor } from './smtp/compose.ts';
export type { SmtpErrorLike } from './smtp/errors.ts';
export { classifySmtpError } from './smtp/errors.ts';
export { senderConfigIssues } from './validate.ts';
export type { WebhookOptions } from './webhook/client.ts';
export { createWebhookChannel, webhookPayload, webhookSecrets, webhookSettings } from './webhook/client.ts';
export type { VerificationResult, WebhookVerification } from './webhook/signature.ts';
export {
  DEFAULT_TOLERANCE_SECONDS,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from './webhook/signature.ts';
export type { WhatsAppCloudOptions } from './whatsapp-cloud/client.ts';
export {
  createWhatsAppCloudChannel,
  whatsAppCloudSecrets,
  whatsAppCloudSettings,
} from './whatsapp-cloud/client.ts';
export type { WhatsAppErrorAction, WhatsAppErrorClass, WhatsAppErrorRule } from './whatsapp-cloud/errors.ts';
export { classifyWhatsAppError, WHATSAPP_ERROR_RULES } from './whatsapp-cloud/errors.ts';
export type { WhatsAppStatus, WhatsAppStatusKind } from './whatsapp-cloud/statuses.ts';
export { parseWhatsAppStatuses, WHATSAPP_STATUSES } from './whatsapp-cloud/statuses.ts';
