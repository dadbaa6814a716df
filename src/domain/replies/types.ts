/**
 * What a customer's reply means (issue 6): the labels, and what classifying one returns.
 */
export const REPLY_LABELS = [
  'positive',
  'negative',
  'neutral',
  'opt_out',
  'reschedule',
  'other_offering',
  'other_staff',
  'away_until',
] as const;
export type ReplyLabel = (typeof REPLY_LABELS)[number];

export const REPLY_LANGUAGES = ['pt', 'ru', 'en', 'es'] as const;
export type ReplyLanguage = (typeof REPLY_LANGUAGES)[number];

export interface ReplyClassification {
  label: ReplyLabel;
  /** 0..1 */
  confidence: number;
  /** reschedule / away_until: the local date (YYYY-MM-DD) the customer named, when they named one. */
  date?: string;
  /** Who decided: the rules and lexicon, or the model for what the rules could not decide. */
  by: 'rules' | 'model';
  /** The language the text was read as, when known. */
  language: ReplyLanguage | null;
}

export interface ClassifyOptions {
  /** A BCP 47 hint (pt-BR, ru, en, es…); the text itself decides when absent. */
  locale?: string;
  /** "Tomorrow", "next week", "on the 10th" are resolved from this instant… */
  now?: Date;
  /** …in this IANA zone (the tenant's). Default UTC. */
  timeZone?: string;
  /**
   * Below this the rules are undecided and the model, when there is one, is asked: the tenant's
   * `listening.minConfidence`. Default: the classifier's own.
   */
  minConfidence?: number;
}

export interface ReplyClassifier {
  classify(text: string, options?: ClassifyOptions): Promise<ReplyClassification>;
}
