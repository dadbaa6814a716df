// PLACEHOLDER (helper A replaces this file): rules + lexicon first, the model for the rest.
import type { ChatClient } from '../../adapters/llm/chat-completions.ts';
import type { ReplyClassifier } from '../../domain/replies/types.ts';

export interface ReplyClassifierOptions {
  /** The model consulted only when the rules cannot decide; absent: rules alone. */
  chat?: ChatClient;
}

export function createReplyClassifier(_options: ReplyClassifierOptions = {}): ReplyClassifier {
  return { classify: async () => ({ label: 'neutral', confidence: 0, by: 'rules', language: null }) };
}
