/** Messages: the template text and the model's prompt for a reactivation, and the checks every text passes. */
export {
  checkMessage,
  MESSAGE_ISSUE_CODES,
  type MessageIssue,
  type MessageIssueCode,
  type MessageRules,
} from './check-message.ts';
export { cleanModelText } from './clean-model-text.ts';
export type { MessageContext } from './context.ts';
export {
  awayPhrase,
  effectiveOfferPct,
  firstNameOf,
  formatSlot,
  MAX_SLOTS_IN_MESSAGE,
  type MessageFacts,
  messageFacts,
} from './facts.ts';
export { judgeLanguage, type LanguageVerdict } from './language.ts';
export { MESSAGE_CHANNELS, MESSAGE_LIMITS, type MessageChannel, messageLimit, textLength } from './limits.ts';
export {
  LANGUAGE_NAMES,
  MESSAGE_LOCALES,
  type MessageLocale,
  messageLocaleOf,
  type ResolvedLocale,
  resolveLocale,
} from './locales.ts';
export { buildPrompt, maxTokensFor, PROMPT_VERSION, type Prompt, type PromptMessage } from './prompt.ts';
export { canRender, renderTemplate, tagsOf } from './render.ts';
export {
  FLAVOURS,
  type Flavour,
  MESSAGE_TEMPLATES,
  type MessageTemplate,
  templateById,
  templatesFor,
} from './templates/index.ts';
export {
  rulesFor,
  stableHash,
  type TemplateMessage,
  variantSeed,
  writeFromTemplates,
} from './write-from-templates.ts';
