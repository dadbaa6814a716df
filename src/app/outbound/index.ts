/**
 * The outbound use cases (issue 5): queue a message, follow and steer it, manage the senders, and
 * the queue's figures. The send loop itself is src/workers/dispatcher.ts; the guarantees are
 * spelled out in claim.ts.
 */
export { type ClaimOptions, claimMessages } from './claim.ts';
export { type ClaimedMessage, SERVICE_WINDOW_MS } from './claimed.ts';
export { type EnqueueInput, enqueueMessage } from './enqueue.ts';
export {
  cancelMessage,
  type DeliveryStatus,
  getMessage,
  listMessages,
  type MessageFilters,
  type OperatorAction,
  type RetryAction,
  recordDeliveryStatus,
  recordInbound,
  retryMessage,
} from './messages.ts';
export { type Outcome, type OutcomeWritten, recordOutcomes } from './outcomes.ts';
export {
  createSender,
  getSender,
  listSenders,
  type PauseInput,
  type PauseResult,
  pauseSender,
  recordSenderQuality,
  resumeSender,
  type SenderInput,
  type SenderPatch,
  updateSender,
} from './senders.ts';
export { type QueueStats, queueStats } from './stats.ts';
export { type Message, type MessageEvent, maskSecret, type Sender } from './views.ts';
