import type { Logger } from 'pino';
import type { ChatClient, ChatResult } from '../../adapters/llm/chat-completions.ts';
import { createRateBudget, type RateBudget } from '../../adapters/llm/rate-budget.ts';
import {
  buildPrompt,
  checkMessage,
  cleanModelText,
  type MessageContext,
  type MessageIssue,
  type MessageLocale,
  messageFacts,
  type PromptMessage,
  rulesFor,
  writeFromTemplates,
} from '../../domain/messages/index.ts';

export type { MessageContext } from '../../domain/messages/index.ts';

/** Why a template was used instead of the model. */
export type FallbackReason =
  | 'not_configured'
  | 'timeout'
  | 'error'
  | 'rate_budget'
  | 'rate_limited'
  | 'invalid_output';

export interface WrittenMessage {
  readonly text: string;
  readonly locale: MessageLocale;
  /** `model`, or the template id (`pt-BR.offer.discount.2`). */
  readonly source: string;
  /** The model that wrote the text, or that was asked and failed; null when none was asked. */
  readonly model: string | null;
  readonly fallbackReason: FallbackReason | null;
  /** Why the model's text was rejected (`invalid_output`); empty otherwise. */
  readonly issues: readonly MessageIssue[];
  /**
   * The prompt the model was given (DESIGN non-negotiable 8: "which template or prompt"), kept
   * whole rather than as a hash: a few hundred bytes per attempt, and an operator reading why a
   * text says what it says needs the words, not a digest. Null when no model was asked.
   */
  readonly prompt: { readonly version: string; readonly messages: readonly PromptMessage[] } | null;
}

export interface MessageWriter {
  write(context: MessageContext): Promise<WrittenMessage>;
}

export interface MessageWriterOptions {
  /** None: templates only (`not_configured`). */
  readonly llm?: ChatClient | null;
  /** Default: 15 requests a minute, waiting at most one interval. */
  readonly budget?: RateBudget;
  readonly clock?: () => Date;
  readonly logger?: Pick<Logger, 'warn' | 'debug'>;
}

/** Randomness for variety; the checks, not the temperature, keep the text safe. */
const TEMPERATURE = 0.7;

function failureReason(result: Extract<ChatResult, { kind: 'failed' }>): FallbackReason {
  switch (result.reason) {
    case 'timeout':
      return 'timeout';
    case 'rate_limited':
      return 'rate_limited';
    default:
      return 'error';
  }
}

/**
 * Writes one reactivation message: the model's text when a model is configured, within the rate
 * budget, answers in time and its text passes every check; otherwise a template. Whatever the
 * source, the text has passed checkMessage for the channel's limit and the offer.
 */
export function createMessageWriter(options: MessageWriterOptions = {}): MessageWriter {
  const llm = options.llm ?? null;
  const budget = options.budget ?? createRateBudget(options.clock ? { clock: options.clock } : {});
  const logger = options.logger;

  function fromTemplates(
    context: MessageContext,
    fallbackReason: FallbackReason,
    extra: Pick<WrittenMessage, 'model' | 'issues' | 'prompt'> = { model: null, issues: [], prompt: null },
  ): WrittenMessage {
    const written = writeFromTemplates(context);
    return {
      text: written.text,
      locale: written.locale,
      source: written.templateId,
      fallbackReason,
      ...extra,
    };
  }

  return {
    async write(context) {
      if (!llm) return fromTemplates(context, 'not_configured');
      const facts = messageFacts(context);
      const prompt = buildPrompt(context, facts);
      const asked = { version: prompt.version, messages: prompt.messages };
      const turn = await budget.acquire();
      if (turn.kind === 'exhausted') {
        logger?.debug(
          { customerId: context.customer.id, waitMs: turn.waitMs },
          'model rate budget exhausted',
        );
        return fromTemplates(context, 'rate_budget');
      }

      let result: ChatResult;
      try {
        result = await llm.complete({
          messages: prompt.messages,
          temperature: TEMPERATURE,
          maxTokens: prompt.maxTokens,
        });
      } catch (error) {
        // A client that throws is a bug there, not a reason to send nothing: the template goes.
        logger?.warn({ err: error, customerId: context.customer.id }, 'model client threw');
        return fromTemplates(context, 'error', { model: llm.model, issues: [], prompt: asked });
      }
      if (result.kind === 'failed') {
        if (result.reason === 'rate_limited') {
          // No Retry-After: skip to the provider's next per-minute window rather than knocking again.
          budget.pause(result.retryAfterMs ?? 60_000);
        }
        logger?.warn(
          {
            customerId: context.customer.id,
            reason: result.reason,
            status: result.status,
            detail: result.message,
          },
          'model failed; using a template',
        );
        return fromTemplates(context, failureReason(result), { model: llm.model, issues: [], prompt: asked });
      }

      const text = cleanModelText(result.text);
      const issues = checkMessage(text, { ...rulesFor(context, facts), language: facts.locale });
      if (issues.length > 0) {
        logger?.warn(
          { customerId: context.customer.id, issues: issues.map((i) => i.code), text },
          "model's text rejected; using a template",
        );
        return fromTemplates(context, 'invalid_output', { model: result.model, issues, prompt: asked });
      }
      return {
        text,
        locale: facts.locale,
        source: 'model',
        model: result.model,
        fallbackReason: null,
        issues: [],
        prompt: asked,
      };
    },
  };
}
