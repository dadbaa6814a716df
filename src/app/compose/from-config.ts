import type { Logger } from 'pino';
import { createChatCompletionsClient } from '../../adapters/llm/chat-completions.ts';
import { createRateBudget } from '../../adapters/llm/rate-budget.ts';
import type { Config } from '../../config.ts';
import { createMessageWriter, type MessageWriter } from './write-message.ts';

/**
 * The message writer the configuration asks for: the model behind LLM_BASE_URL / LLM_MODEL /
 * LLM_API_KEY with its rate budget, or templates only when no model is configured.
 */
export function messageWriterFromConfig(
  llm: Config['llm'],
  options: {
    readonly logger?: Pick<Logger, 'warn' | 'debug'>;
    readonly clock?: () => Date;
    readonly fetch?: typeof fetch;
  } = {},
): MessageWriter {
  const base = {
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  };
  if (!llm) return createMessageWriter(base);
  return createMessageWriter({
    ...base,
    llm: createChatCompletionsClient({
      baseUrl: llm.baseUrl,
      model: llm.model,
      timeoutMs: llm.timeoutMs,
      ...(llm.apiKey ? { apiKey: llm.apiKey } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    }),
    budget: createRateBudget({
      requestsPerMinute: llm.requestsPerMinute,
      maxWaitMs: llm.maxWaitMs,
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  });
}
