/** Compose: the text of a reactivation message, by the model or from templates. */
export { messageWriterFromConfig } from './from-config.ts';
export {
  createMessageWriter,
  type FallbackReason,
  type MessageContext,
  type MessageWriter,
  type MessageWriterOptions,
  type WrittenMessage,
} from './write-message.ts';
