import type { Logger } from 'pino';
import { chatFromConfig } from '../../adapters/llm/from-config.ts';
import type { RateBudget } from '../../adapters/llm/rate-budget.ts';
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
    readonly budget?: RateBudget;
  } = {},
): MessageWriter {
  const base = {
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  };
  const model = chatFromConfig(llm, options);
  return createMessageWriter(model ? { ...base, llm: model.chat, budget: model.budget } : base);
}
