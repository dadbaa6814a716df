import leven from 'leven';
import { findDates, localDate } from './dates.ts';
import { detectLanguage } from './language.ts';
import { type CompiledCue, type Cue, compileLexicon } from './lexicon.ts';
import { EN } from './lexicon-en.ts';
import { ES } from './lexicon-es.ts';
import { PT } from './lexicon-pt.ts';
import { RU } from './lexicon-ru.ts';
import { normalizeReply, stripMarks } from './normalize.ts';
import type { ClassifyOptions, ReplyClassification, ReplyLabel, ReplyLanguage } from './types.ts';

/**
 * Reply classification by rules and lexicon (issue 6). Every language's cues are tried on every
 * text — customers mix languages, and an opt-out must be caught whatever the locale hint says.
 *
 * When several labels match, the first in this order wins:
 *
 *   opt_out > away_until > reschedule > other_staff > other_offering > negative > positive > neutral
 *
 * except that a negative which closes the door for good (a closed shop, a treatment finished
 * elsewhere; weight ≥ SETTLED) comes right after away_until, and a settled neutral (a support
 * problem, a question about parking) before other_staff.
 *
 * - opt_out first: it is the one mistake with a legal cost; "obrigada, mas pare de mandar" must
 *   stop the messages whatever else it says.
 * - away_until and reschedule next: they carry a date the caller acts on (snooze to it), and
 *   people wrap them in polite yes/no ("não posso, estou viajando até dia 15"; "sim, pode ser
 *   sexta?"). Away outranks reschedule because "I'm away until the 10th, can we do the 11th?"
 *   still means nothing before the 10th.
 * - other_staff and other_offering: a concrete change of plan beats a bare yes or no ("não quero
 *   o corte, prefiro fazer as unhas"); staff before offering because "outra manicure" names a
 *   person, not a service, even when a service word sits next to it.
 * - negative over positive: "obrigada, mas não quero mais" thanks and declines — the decline is
 *   the news; a wrongly read "yes" costs an unwanted follow-up, a wrongly read "no" only a pause.
 * - neutral last: it decides nothing, so anything that decides something outranks it.
 *
 * Among the last three the stronger cue wins and the order only breaks ties: a bare "não" (0.65)
 * in "não sei, quanto custa?" should not outvote the question (0.75).
 */
export const RULES_MIN_CONFIDENCE = 0.6;

const LEXICON: readonly CompiledCue[] = compileLexicon([PT, RU, EN, ES]);
const OPT_OUT_WORDS: ReadonlySet<string> = new Set([PT, RU, EN, ES].flatMap((l) => l.optOutWords));
const NEGATORS: ReadonlySet<string> = new Set([PT, RU, EN, ES].flatMap((l) => l.negators));

/** Opt-out words long enough that a typo in them is still unmistakable ("unsubscirbe", "отписатся"). */
const LONG_OPT_OUT_WORDS: readonly string[] = [...OPT_OUT_WORDS].filter((word) => word.length >= 8);

/**
 * A long opt-out word with a slip of the finger: one edit for 8–9 letters, two from 10, and the
 * first four letters right. The prefix keeps the opposite out: "подписаться" (subscribe) is two
 * edits from "отписаться", "subscribe" two from "unsubscribe".
 */
function misspelledOptOut(word: string): boolean {
  if (word.length < 8) return false;
  return LONG_OPT_OUT_WORDS.some((target) => {
    if (target.slice(0, 4) !== word.slice(0, 4)) return false;
    const allowed = target.length >= 10 ? 2 : 1;
    return leven(word, target, { maxDistance: allowed + 1 }) <= allowed;
  });
}

/** Words as the lexicon lists them: exact ones, and stems (`remoc*`) any longer word may start with. */
interface WordSet {
  readonly exact: ReadonlySet<string>;
  readonly stems: readonly string[];
}
function wordSet(entries: readonly string[]): WordSet {
  const normalized = entries.map((entry) => stripMarks(entry).toLowerCase());
  return {
    exact: new Set(normalized.filter((entry) => !entry.endsWith('*'))),
    stems: normalized.filter((entry) => entry.endsWith('*')).map((entry) => entry.slice(0, -1)),
  };
}
const inSet = (set: WordSet, word: string) =>
  set.exact.has(word) || set.stems.some((stem) => word.startsWith(stem));
const REQUEST_ACTIONS = wordSet([PT, RU, EN, ES].flatMap((l) => l.optOutRequest.actions));
const REQUEST_OBJECTS = wordSet([PT, RU, EN, ES].flatMap((l) => l.optOutRequest.objects));
/**
 * How many words apart the removing word and the messages' word may stand, either order, inside
 * one clause: "удалить мой номер из вашей базы" (1), "Solicito gentilmente a remoção do meu
 * contato" (3), "исключить наш отдел закупок из вашей email-рассылки" (7), "мой номер уберите" (−1).
 */
const REQUEST_SPAN = 8;

/**
 * A removing or stopping word near a word for the messages, the list or the contact details, in
 * the same clause (`text` is normalizeReply's: clauses end at `,` and `?`).
 */
function asksToBeRemoved(text: string): boolean {
  return text
    .replace(NOT_THE_MESSAGES, ' ')
    .split(/ ?[,?] ?/u)
    .some((clause) => {
      const words = clause.split(' ');
      const actions: number[] = [];
      words.forEach((word, i) => {
        if (inSet(REQUEST_ACTIONS, word)) actions.push(i);
      });
      if (actions.length === 0) return false;
      return words.some(
        (word, j) =>
          inSet(REQUEST_OBJECTS, word) && actions.some((i) => i !== j && Math.abs(i - j) <= REQUEST_SPAN),
      );
    });
}

/**
 * Lists and numbers that are not the messages: a waiting list, and an old number the customer
 * replaces with a new one ("delete the old number and use this one") — they keep the messages.
 */
const NOT_THE_MESSAGES =
  /(?<![\p{L}\p{N}])(?:lista de espera|waiting list|wait list|waitlist|лист ожидания|список ожидания|old number|previous number|numero antigo|numero anterior|numero viejo|старыи номер|прежнии номер)(?![\p{L}\p{N}])/gu;

/**
 * Words that come with requests to stop in phrasings the rules have not met yet: a list, spam, a
 * complaint, a block, a data-protection law. Blind batches showed them in most missed opt-outs
 * ("please take it off your list", "one more and im reporting you as spam", "sáquenlo de su
 * lista"). A reply that has one and is not read as an opt-out is read with at most DOUBTFUL
 * confidence, below the default threshold, so the model (when one is configured) has the last
 * word; "a lista de preços" costs one model call, a missed opt-out a customer's trust.
 */
const STOPPING_HINTS = wordSet([
  'lista',
  'listas',
  'list',
  'lists',
  'listing',
  'spam*',
  'спам*',
  'mailing',
  'рассылк*',
  'lgpd',
  'gdpr',
  'rgpd',
  'procon',
  'profeco',
  'роскомнадзор*',
  'ркн',
  'фас',
  'denunci*',
  'report',
  'reporting',
  'reportar*',
  'жалоб*',
  'пожалуюсь',
  'bloque*',
  'block*',
  'заблок*',
  'блок',
  'contacts',
]);
const DOUBTFUL = 0.5;

/**
 * A cue this strong is settled by its own words, whatever else the reply mentions. A negative:
 * a door closed for good ("fechamos a loja em setembro", "ya terminé el tratamiento en otra
 * clínica") — the month it names is history and the other place is where they went, not a date
 * to move to nor a wish for someone else. A neutral: a support problem or a question about the
 * visit ("а парковка у вас есть?") — "у вас есть" asks about parking, not for another offering.
 */
const SETTLED = 0.95;
/**
 * What an opt-out word can be about other than the messages: a booking or an order. "Quero
 * cancelar meu horário de amanhã" cancels an appointment; read as an opt-out it would silence a
 * customer for good because they moved a visit. Only these objects, named within the next few
 * words, lift the lone-word rule — the phrases ("não me mande mais"…) still apply.
 */
const BOOKING_OBJECTS: ReadonlySet<string> = new Set([
  // pt
  'horario',
  'horarios',
  'agendamento',
  'agenda',
  'consulta',
  'reserva',
  'pedido',
  'compra',
  'sessao',
  'aula',
  'visita',
  'hora',
  'marcacao',
  'assinatura',
  'plano',
  // es
  'cita',
  'turno',
  'reservacion',
  'orden',
  'suscripcion',
  // en
  'appointment',
  'booking',
  'reservation',
  'order',
  'session',
  'visit',
  'subscription',
  'plan',
  // ru
  'запись',
  'записи',
  'визит',
  'бронь',
  'бронирование',
  'заказ',
  'подписку',
  'сеанс',
  'прием',
  'приём',
]);
/** "Vou parar de fazer as unhas", "dejar de ir": stopping a habit, not the messages. */
const HABIT_VERBS: ReadonlySet<string> = new Set([
  'fazer',
  'ir',
  'vir',
  'usar',
  'comprar',
  'tomar',
  'pintar',
  'cortar',
]);

/** "Can you stop by at 5?": a visit, not the messages. */
const STOP_BY: ReadonlySet<string> = new Set(['by', 'in', 'over']);

/** Whether a lone opt-out word at `i` is about a booking, a habit or a visit rather than the messages. */
function aboutSomethingElse(words: readonly string[], i: number): boolean {
  const next = words.slice(i + 1, i + 5);
  if (next.some((w) => BOOKING_OBJECTS.has(w))) return true;
  if (words[i] === 'stop' && next[0] !== undefined && STOP_BY.has(next[0])) return true;
  return next[0] === 'de' && next[1] !== undefined && HABIT_VERBS.has(next[1]);
}

const POSITIVE_EMOJI = /[👍👌🙌👏❤💖💕💗💙💜🧡💛💚🥰😍😊☺🙂😀😃😄😁🤩😘✅🔥🎉🤗💯]/u;
const NEGATIVE_EMOJI = /[👎😡😠🙄❌🤬😒💩]/u;

interface Hit {
  readonly cue: Cue;
  readonly language: ReplyLanguage;
  readonly weight: number;
  readonly start: number;
  readonly end: number;
}

/** The words before `index` in the same clause (stops at `,` / `?`), nearest first. */
function wordsBefore(text: string, index: number, count: number): string[] {
  const before = text.slice(0, index).trimEnd().split(' ').reverse();
  const words: string[] = [];
  for (const token of before) {
    if (token === ',' || token === '?' || token === '' || words.length === count) break;
    words.push(token);
  }
  return words;
}
function wordAfter(text: string, index: number): string | undefined {
  return text.slice(index).trimStart().split(' ')[0];
}

function findHits(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const entry of LEXICON) {
    for (const match of text.matchAll(entry.pattern)) {
      if (entry.negatable && wordsBefore(text, match.index, 2).some((w) => NEGATORS.has(w))) continue;
      hits.push({
        cue: entry.cue,
        language: entry.language,
        weight: entry.weight,
        start: match.index,
        end: match.index + match[0].length,
      });
    }
  }
  return hits;
}

const clamp = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;

/** Classifies one reply by the rules alone. Never throws on any text; `by` is always `rules`. */
export function classifyByRules(raw: string, options: ClassifyOptions = {}): ReplyClassification {
  const reply = normalizeReply(raw);
  const { text, words } = reply;
  const hits = findHits(text);
  const cueHits: Partial<Record<ReplyLanguage, number>> = {};
  for (const hit of hits) cueHits[hit.language] = (cueHits[hit.language] ?? 0) + 1;
  const language = detectLanguage(words, cueHits, options.locale);
  const doubtful = words.some((word) => inSet(STOPPING_HINTS, word));
  const result = (label: ReplyLabel, confidence: number, date?: string): ReplyClassification => ({
    label,
    confidence: clamp(
      label !== 'opt_out' && doubtful
        ? Math.min(confidence, DOUBTFUL)
        : confidence - (words.length > 40 ? 0.1 : 0),
    ),
    ...(date ? { date } : {}),
    by: 'rules',
    language,
  });

  // 1. Opt-out: a standalone word ("STOP", "Отписаться!") or a phrase ("não me mande mais").
  if (
    words.some(
      (word, i) => (OPT_OUT_WORDS.has(word) || misspelledOptOut(word)) && !aboutSomethingElse(words, i),
    )
  ) {
    return result('opt_out', 0.99);
  }
  const best = (cue: Cue) => hits.filter((h) => h.cue === cue).sort((a, b) => b.weight - a.weight)[0];
  const optOut = best('opt_out');
  if (optOut) return result('opt_out', optOut.weight);
  if (asksToBeRemoved(text)) return result('opt_out', 0.9);

  // Dates the customer proposes: not one they turn down ("amanhã não posso", "не могу завтра").
  const today = localDate(options.now ?? new Date(), options.timeZone ?? 'UTC');
  const named = findDates(text, today, language !== 'en');
  const dates = named.filter((mention) => {
    const before = wordsBefore(text, mention.start, 3);
    const after = wordAfter(text, mention.end);
    return !before.some((w) => NEGATORS.has(w)) && !(after !== undefined && NEGATORS.has(after));
  });

  // 2. Away until a date: the first named after the away phrase, else the last; here a negation
  // is part of the meaning ("not until the 10th", "hasta marzo no").
  const away = best('away');
  if (away) {
    const date = named.find((d) => d.start >= away.start) ?? named[named.length - 1];
    return result('away_until', date ? Math.max(away.weight, 0.9) : Math.min(away.weight, 0.7), date?.date);
  }

  const closed = best('negative');
  if (closed && closed.weight >= SETTLED) return result('negative', closed.weight);

  // 3. Another day or time: said outright, or a date/time offered ("pode ser sexta?", "amanhã às 10").
  const reschedule = best('reschedule');
  const time = best('time');
  const proposal = best('proposal');
  const lastDate = dates[dates.length - 1]?.date;
  if (reschedule) return result('reschedule', lastDate ? 0.9 : reschedule.weight, lastDate);
  // An opening-hours question names a day without proposing it ("que horas abrem sábado?").
  const askingOnly = (best('neutral')?.weight ?? 0) >= 0.9 && !proposal;
  if (lastDate && !askingOnly) {
    const offered = proposal || reply.question || time || best('positive');
    return result('reschedule', offered ? 0.85 : 0.65, lastDate);
  }
  if (time && (proposal || reply.question)) return result('reschedule', 0.75);

  // 4–5. Someone else, something else — unless the reply is plainly about something else.
  const aside = best('neutral');
  if (aside && aside.weight >= SETTLED) return result('neutral', aside.weight);
  const staff = best('other_staff');
  if (staff) return result('other_staff', staff.weight);
  const offering = best('other_offering');
  if (offering) return result('other_offering', offering.weight);

  // 6–8. Yes, no, or neither: the strongest cue, ties by the order above.
  const emoji = emojiCue(reply.emojis, words.length === 0);
  const soft = (['negative', 'positive', 'neutral'] as const)
    .map((cue) => {
      const weights = hits.filter((h) => h.cue === cue).map((h) => h.weight);
      if (emoji?.cue === cue) weights.push(emoji.weight);
      return { cue, weight: weights.length > 0 ? Math.max(...weights) : 0, count: weights.length };
    })
    .filter((s) => s.weight > 0);
  const [first, second] = [...soft].sort((a, b) => b.weight - a.weight);
  if (!first) return result('neutral', words.length === 0 && reply.emojis.length === 0 ? 0.2 : 0.3);
  const agreeing = first.count > 1 ? 0.05 : 0;
  const conflict =
    second && second.cue !== 'neutral' && first.cue !== 'neutral' && second.weight >= 0.8 ? 0.15 : 0;
  return result(first.cue, first.weight + agreeing - conflict);
}

/** An emoji-only reply is read by its emoji; next to words an emoji is a weak cue. */
function emojiCue(
  emojis: readonly string[],
  alone: boolean,
): { cue: 'positive' | 'negative' | 'neutral'; weight: number } | undefined {
  if (emojis.length === 0) return undefined;
  const positive = emojis.some((e) => POSITIVE_EMOJI.test(e));
  const negative = emojis.some((e) => NEGATIVE_EMOJI.test(e));
  if (positive === negative) return alone ? { cue: 'neutral', weight: 0.6 } : undefined;
  return { cue: positive ? 'positive' : 'negative', weight: alone ? 0.8 : 0.6 };
}
