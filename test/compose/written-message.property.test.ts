import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatClient } from '../../src/adapters/llm/chat-completions.ts';
import { createRateBudget } from '../../src/adapters/llm/rate-budget.ts';
import { createMessageWriter, type WrittenMessage } from '../../src/app/compose/index.ts';
import {
  MESSAGE_CHANNELS,
  MESSAGE_LIMITS,
  type MessageContext,
  templateById,
} from '../../src/domain/messages/index.ts';
import { STRATEGIES, TONES } from '../../src/domain/reactivation/attempt.ts';

/**
 * Whatever the customer, the business and the model throw at the writer, nothing that leaves it
 * has a placeholder, runs over the channel's limit, or offers more than the ceiling. The
 * assertions are written from the rules themselves, not with checkMessage, so a gap in the
 * checker shows up here.
 */

const realNames = [
  'Maria Aparecida dos Santos Oliveira',
  'Ana',
  'José da Silva',
  'Анна-Мария Константинопольская',
  'Ирина',
  'Mary-Kate Olsen-Worthington',
  'María José Fernández de la Vega',
  '山田 花子',
  'محمد عبد الله',
  '🌸 Júlia 🌸',
  'Dra. Patrícia',
  'Wolfeschlegelsteinhausenbergerdorff',
];
const trickyNames = [
  '{{firstName}}',
  '[Cliente]',
  '<name>',
  'Promo 50%',
  'XX%',
  '%s',
  'Free',
  'grátis',
  '___',
  'R$ 80',
];
const text = (maxLength: number) =>
  fc.oneof(
    fc.constantFrom(...realNames, ...trickyNames),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
  );
const offering = fc.record({
  name: fc.oneof(
    fc.constantFrom(
      'Corte feminino',
      'Manicure e pedicure completas',
      'Стрижка',
      'Coloración',
      'Deep tissue massage',
    ),
    text(60),
  ),
});
const locale = fc.constantFrom(
  'pt-BR',
  'pt',
  'pt-PT',
  'ru',
  'ru-RU',
  'en',
  'en-US',
  'en-GB',
  'es',
  'es-MX',
  'fr',
  'de-DE',
  'en_US',
);

const contexts: fc.Arbitrary<MessageContext> = fc
  .record({
    tenant: fc.record({
      name: fc.oneof(
        fc.constantFrom('Studio Bella', 'Espaço de Beleza Bella Vista Ipanema', 'Салон «Лотос»'),
        text(80),
      ),
      timeZone: fc.constantFrom(
        'America/Sao_Paulo',
        'Europe/Moscow',
        'America/Mexico_City',
        'Europe/Madrid',
        'UTC',
        'Asia/Tokyo',
      ),
      locale,
      tone: fc.option(fc.constantFrom('warm, informal', 'formal'), { nil: undefined }),
    }),
    customer: fc.record({
      id: fc.string({ minLength: 1, maxLength: 36 }),
      name: fc.option(fc.oneof(fc.constantFrom(...realNames, ...trickyNames), text(120)), { nil: null }),
      locale: fc.option(locale, { nil: null }),
    }),
    channel: fc.constantFrom(...MESSAGE_CHANNELS),
    firstTouch: fc.boolean(),
    tone: fc.constantFrom(...TONES),
    strategy: fc.constantFrom(...STRATEGIES),
    attemptNumber: fc.integer({ min: 1, max: 10 }),
    daysInactive: fc.integer({ min: 0, max: 3000 }),
    lastOffering: fc.option(offering, { nil: null }),
    suggestedOfferings: fc.array(offering, { maxLength: 3 }),
    staff: fc.option(
      fc.record({ name: fc.oneof(fc.constantFrom('Juliana', 'Ana Carolina Ribeiro', 'Светлана'), text(40)) }),
      {
        nil: null,
      },
    ),
    maxDiscountPct: fc.integer({ min: 0, max: 50 }),
    slots: fc.array(
      fc.record({
        start: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        staffName: fc.option(fc.constantFrom('Juliana', 'Carla', 'Светлана'), { nil: null }),
      }),
      { maxLength: 3 },
    ),
  })
  .chain((context) =>
    fc.integer({ min: 0, max: context.maxDiscountPct }).map((offerPct) => ({ ...context, offerPct })),
  );

/** Placeholders as a reader would spot them, independent of checkMessage's own patterns. */
const PLACEHOLDER = /\{\{|\}\}|\{[\p{L}_ ]+\}|\[[\p{L}_ ]+\]|<[\p{L}_ ]+>|%s|X+%|_{3,}/iu;
const PERCENTAGES = /(\d+(?:[.,]\d+)?)\s*(?:%|por cento|por ciento|percent|процент)/giu;

function codePoints(value: string): number {
  return [...value].length;
}

function assertSafe(context: MessageContext, written: WrittenMessage): void {
  const limit = MESSAGE_LIMITS[context.channel][context.firstTouch ? 'firstTouch' : 'later'];
  expect(written.text.trim().length).toBeGreaterThan(0);
  expect(codePoints(written.text)).toBeLessThanOrEqual(limit);
  expect(written.text).not.toMatch(PLACEHOLDER);
  for (const [, value] of written.text.matchAll(PERCENTAGES)) {
    expect(Number(value?.replace(',', '.'))).toBeLessThanOrEqual(context.maxDiscountPct);
  }
  if (written.source !== 'model') expect(templateById(written.source)).toBeDefined();
}

const unlimited = () => createRateBudget({ requestsPerMinute: 1_000_000 });

describe('written messages, property-tested', () => {
  it('from templates: never a placeholder, never over the limit, never above the ceiling', async () => {
    const writer = createMessageWriter();
    await fc.assert(
      fc.asyncProperty(contexts, async (context) => {
        const written = await writer.write(context);
        expect(written.fallbackReason).toBe('not_configured');
        assertSafe(context, written);
      }),
      { numRuns: 400 },
    );
  });

  it('from templates: the same context always gets the same words', async () => {
    const writer = createMessageWriter();
    await fc.assert(
      fc.asyncProperty(contexts, async (context) => {
        expect(await writer.write(context)).toEqual(await writer.write(context));
      }),
      { numRuns: 100 },
    );
  });

  const sentences = [
    'Oi, Maria! Sentimos sua falta. Volte com N% de desconto. Quer agendar?',
    'Hi Maria! Come back for N% off your next visit. Shall we book you in?',
    'Мария, здравствуйте! Для Вас скидка N % на следующий визит. Записать Вас?',
    '¡Hola, María! Tienes un N por ciento de descuento. ¿Reservamos una cita?',
    'Oi, {{firstName}}! Temos N% para você.',
    'Hi [name], here is XX% off.',
    'Hola María, tu cita es el ___ a las 10.',
  ];
  const modelReplies = fc.oneof(
    fc
      .tuple(fc.constantFrom(...sentences), fc.integer({ min: 0, max: 100 }))
      .map(([s, n]) => s.replace('N', String(n))),
    fc.string({ unit: 'grapheme', maxLength: 1500 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc
      .array(fc.constantFrom('Oi', 'Maria', '50%', 'grátis', '{nome}', 'desconto', 'agendar', '😊', '\n'), {
        maxLength: 80,
      })
      .map((w) => w.join(' ')),
  );

  it('from a model returning anything: the same guarantees hold', async () => {
    await fc.assert(
      fc.asyncProperty(contexts, modelReplies, async (context, reply) => {
        const llm: ChatClient = {
          model: 'fake',
          complete: async () => ({ kind: 'ok', text: reply, model: 'fake' }),
        };
        const written = await createMessageWriter({ llm, budget: unlimited() }).write(context);
        assertSafe(context, written);
        if (written.source === 'model') {
          expect(written.fallbackReason).toBeNull();
          expect(written.issues).toEqual([]);
        } else {
          expect(written.fallbackReason).toBe('invalid_output');
          expect(written.issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });
});
