import type { Config } from '../../config.ts';
import { type ChatClient, createChatCompletionsClient } from './chat-completions.ts';
import { createRateBudget, type RateBudget } from './rate-budget.ts';

/**
 * The model behind LLM_BASE_URL / LLM_MODEL / LLM_API_KEY and a budget of LLM_REQUESTS_PER_MINUTE
 * for one user of it (the message writer, the reply classifier); undefined when no model is set.
 */
export function chatFromConfig(
  llm: Config['llm'],
  options: { readonly fetch?: typeof fetch; readonly clock?: () => Date } = {},
): { chat: ChatClient; budget: RateBudget } | undefined {
  if (!llm) return undefined;
  return {
    chat: createChatCompletionsClient({
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
  };
}
