import type { Config } from '../../config.ts';
import { type ChatClient, createChatCompletionsClient } from './chat-completions.ts';
import { createRateBudget, type RateBudget } from './rate-budget.ts';

/**
 * The model behind LLM_BASE_URL / LLM_MODEL / LLM_API_KEY and its budget of LLM_REQUESTS_PER_MINUTE
 * (the one given, shared with its other users, else a budget of its own); undefined when no model
 * is set.
 */
export function chatFromConfig(
  llm: Config['llm'],
  options: {
    readonly fetch?: typeof fetch;
    readonly clock?: () => Date;
    /** A budget shared with the model's other users, so LLM_REQUESTS_PER_MINUTE holds for all of them. */
    readonly budget?: RateBudget;
  } = {},
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
    budget: options.budget ?? budgetFromConfig(llm, options),
  };
}

/** LLM_REQUESTS_PER_MINUTE as one budget, for the users of the model in one process to share. */
export function budgetFromConfig(
  llm: NonNullable<Config['llm']>,
  options: { readonly clock?: () => Date } = {},
): RateBudget {
  return createRateBudget({
    requestsPerMinute: llm.requestsPerMinute,
    maxWaitMs: llm.maxWaitMs,
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
