import type { Logger } from 'pino';
import { z } from 'zod';
import type { ChatClient } from '../../adapters/llm/chat-completions.ts';
import { chatFromConfig } from '../../adapters/llm/from-config.ts';
import type { RateBudget } from '../../adapters/llm/rate-budget.ts';
import type { Config } from '../../config.ts';
import { classifyByRules, RULES_MIN_CONFIDENCE } from '../../domain/replies/classify-rules.ts';
import { buildReplyPrompt, extractJson } from '../../domain/replies/prompt.ts';
import {
  type ClassifyOptions,
  REPLY_LABELS,
  type ReplyClassification,
  type ReplyClassifier,
} from '../../domain/replies/types.ts';

export interface ReplyClassifierOptions {
  /** The model consulted only when the rules cannot decide; absent: rules alone. */
  chat?: ChatClient;
  /** Below this the rules are undecided and the model (when given) is asked. Default 0.6. */
  minConfidence?: number;
  /** How often the model may be asked; when exhausted the rules' answer stands. Default: none. */
  budget?: RateBudget;
  /** Default: the system clock, for "tomorrow" when the caller gives no `now`. */
  clock?: () => Date;
  logger?: Pick<Logger, 'warn' | 'debug'>;
}

/** What the model must answer; anything else is ignored and the rules' answer stands. */
const modelAnswerSchema = z.object({
  label: z.enum(REPLY_LABELS),
  confidence: z.number().min(0).max(1),
  date: z.iso.date().nullish(),
});

const DATED = new Set(['reschedule', 'away_until']);
/** A label and a date fit in far fewer; a cap keeps a rambling model cheap. */
const MAX_TOKENS = 60;

/**
 * Rules and lexicon first; the model only for what they leave undecided (confidence below
 * `minConfidence`), and only when a ChatClient is given. An opt-out found by the rules is final:
 * the model is never asked, so it can never talk a "STOP" into something else. Whatever goes
 * wrong with the model — failure, timeout, rate budget, an answer that is not the JSON asked
 * for — the rules' answer is returned.
 */
export function createReplyClassifier(options: ReplyClassifierOptions = {}): ReplyClassifier {
  const minConfidence = options.minConfidence ?? RULES_MIN_CONFIDENCE;
  const clock = options.clock ?? (() => new Date());
  const { chat, budget, logger } = options;

  return {
    async classify(text, classifyOptions: ClassifyOptions = {}) {
      const now = classifyOptions.now ?? clock();
      const timeZone = classifyOptions.timeZone ?? 'UTC';
      const rules = classifyByRules(text, { ...classifyOptions, now, timeZone });
      const threshold = classifyOptions.minConfidence ?? minConfidence;
      if (!chat || rules.label === 'opt_out' || rules.confidence >= threshold) return rules;
      if (budget && (await budget.acquire()).kind === 'exhausted') {
        logger?.debug('reply model rate budget exhausted; the rules answer');
        return rules;
      }
      const result = await chat.complete({
        messages: buildReplyPrompt(text, { now, timeZone, language: rules.language }),
        temperature: 0,
        maxTokens: MAX_TOKENS,
      });
      if (result.kind === 'failed') {
        if (result.reason === 'rate_limited') budget?.pause(result.retryAfterMs ?? 60_000);
        logger?.warn(
          { reason: result.reason, detail: result.message },
          'reply model failed; the rules answer',
        );
        return rules;
      }
      const answer = parseModelAnswer(result.text);
      if (!answer) {
        logger?.warn({ answer: result.text.slice(0, 300) }, 'reply model answer is not the JSON asked for');
        return rules;
      }
      const date = DATED.has(answer.label)
        ? (answer.date ?? (answer.label === rules.label ? rules.date : undefined))
        : undefined;
      return {
        label: answer.label,
        confidence: Math.round(answer.confidence * 100) / 100,
        ...(date ? { date } : {}),
        by: 'model',
        language: rules.language,
      } satisfies ReplyClassification;
    },
  };
}

export function parseModelAnswer(answer: string): z.infer<typeof modelAnswerSchema> | undefined {
  const json = extractJson(answer);
  if (json === undefined) return undefined;
  try {
    const parsed = modelAnswerSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The classifier the configuration asks for: rules plus the model behind LLM_BASE_URL /
 * LLM_MODEL / LLM_API_KEY (with its own rate budget at LLM_REQUESTS_PER_MINUTE), or rules alone
 * when no model is configured.
 */
export function replyClassifierFromConfig(
  llm: Config['llm'],
  logger?: Pick<Logger, 'warn' | 'debug'>,
  options: {
    readonly fetch?: typeof fetch;
    readonly clock?: () => Date;
    readonly minConfidence?: number;
    /** Shared with the message writer, so LLM_REQUESTS_PER_MINUTE holds for both together. */
    readonly budget?: RateBudget;
  } = {},
): ReplyClassifier {
  const base = {
    ...(logger ? { logger } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.minConfidence !== undefined ? { minConfidence: options.minConfidence } : {}),
  };
  const model = chatFromConfig(llm, options);
  return createReplyClassifier(model ? { ...base, chat: model.chat, budget: model.budget } : base);
}
