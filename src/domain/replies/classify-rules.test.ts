import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyByRules } from './classify-rules.ts';
import { REPLY_LABELS, REPLY_LANGUAGES } from './types.ts';

const AT = { now: new Date('2026-11-23T12:00:00Z'), timeZone: 'America/Sao_Paulo' };
const classify = (text: string, locale?: string) =>
  classifyByRules(text, { ...AT, ...(locale ? { locale } : {}) });

/** The standalone words the issue names; each alone, in any case, with any punctuation, is opt_out. */
const OPT_OUT_WORDS = [
  'STOP',
  'PARAR',
  'PARE',
  'SAIR',
  'CANCELAR',
  'DESCADASTRAR',
  'ОТПИСАТЬСЯ',
  'СТОП',
  'ОТПИСКА',
  'BAJA',
  'UNSUBSCRIBE',
];

describe('classifyByRules: the cases the issue names', () => {
  it.each([
    ['STOP', 'opt_out'],
    ['стоп', 'opt_out'],
    ['não me mande mais', 'opt_out'],
    ['pare de me mandar mensagem', 'opt_out'],
    ['не пишите мне', 'opt_out'],
    ['no me escribas más', 'opt_out'],
    ['remove me from the list', 'opt_out'],
    ['não quero mais', 'negative'],
    ['obrigada, mas não quero mais', 'negative'],
    ['quero sim', 'positive'],
    ['не хочу', 'negative'],
    ['no gracias', 'negative'],
    ['not now', 'negative'],
    ['sí, quiero', 'positive'],
    ['pode ser outro dia?', 'reschedule'],
    ['prefiro fazer as unhas', 'other_offering'],
    ['а можно вместо стрижки окрашивание?', 'other_offering'],
    ['do you do massages instead?', 'other_offering'],
    ['posso ir com outra manicure?', 'other_staff'],
    ['хочу к другому мастеру', 'other_staff'],
    ['can I see a different stylist?', 'other_staff'],
    ['¿puede atenderme otra chica?', 'other_staff'],
    ['ok', 'neutral'],
    ['quanto custa?', 'neutral'],
    ['👍', 'positive'],
    ['👎', 'negative'],
  ])('%s → %s', (text, label) => {
    expect(classify(text).label).toBe(label);
  });

  it.each([
    ['можно на следующей неделе?', 'reschedule', '2026-11-30'],
    ['can we do Friday instead', 'reschedule', '2026-11-27'],
    ['¿el lunes mejor?', 'reschedule', '2026-11-30'],
    ['estou viajando até dia 15', 'away_until', '2026-12-15'],
    ['в отпуске до 10 декабря', 'away_until', '2026-12-10'],
    ["I'm away until March 3", 'away_until', '2027-03-03'],
    ['estoy de viaje hasta el lunes', 'away_until', '2026-11-30'],
  ])('%s → %s on %s', (text, label, date) => {
    const result = classify(text);
    expect(result).toMatchObject({ label, date, by: 'rules' });
    expect(result.confidence).toBeGreaterThanOrEqual(0.85);
  });
});

describe('classifyByRules: priority and negation', () => {
  it('opt-out outranks everything else in the same message', () => {
    expect(classify('Sim, quero! Mas depois pare de me mandar mensagem').label).toBe('opt_out');
    expect(classify('estou viajando até dia 15, e STOP').label).toBe('opt_out');
  });

  it('away outranks reschedule, reschedule outranks staff, staff outranks offering', () => {
    expect(classify('Estou viajando até dia 15, pode ser dia 16?')).toMatchObject({
      label: 'away_until',
      date: '2026-12-15',
    });
    expect(classify('posso ir com outra manicure na sexta?')).toMatchObject({
      label: 'reschedule',
      date: '2026-11-27',
    });
    expect(classify('queria fazer só a escova com outra cabeleireira').label).toBe('other_staff');
  });

  it('a date the customer turns down is not the date proposed', () => {
    expect(classify('amanhã não posso, pode ser sexta?')).toMatchObject({
      label: 'reschedule',
      date: '2026-11-27',
    });
    expect(classify('не могу завтра').label).toBe('negative');
  });

  it('reads "não" before a yes as a no, and a yes after a comma as a yes', () => {
    expect(classify('não quero').label).toBe('negative');
    expect(classify('no quiero').label).toBe('negative');
    expect(classify("I don't want it").label).toBe('negative');
    expect(classify('Sim, quero').label).toBe('positive');
  });

  it('is confident on clear replies and undecided on what it does not know', () => {
    expect(classify('Quero sim!').confidence).toBeGreaterThanOrEqual(0.85);
    const unknown = classify('hmm a minha tia falou de vocês ontem');
    expect(unknown.label).toBe('neutral');
    expect(unknown.confidence).toBeLessThan(0.6);
    expect(classify('').confidence).toBeLessThan(0.6);
  });

  it('resolves dates in the given zone', () => {
    // 02:00 UTC on the 24th is still the 23rd in São Paulo, already the 24th in Moscow.
    const now = new Date('2026-11-24T02:00:00Z');
    expect(classifyByRules('amanhã pode ser?', { now, timeZone: 'America/Sao_Paulo' }).date).toBe(
      '2026-11-24',
    );
    expect(classifyByRules('amanhã pode ser?', { now, timeZone: 'Europe/Moscow' }).date).toBe('2026-11-25');
  });

  it('names the language: the hint when given, else the text', () => {
    expect(classify('ok', 'pt-BR').language).toBe('pt');
    expect(classify('ok', 'es-MX').language).toBe('es');
    expect(classify('Давайте').language).toBe('ru');
    expect(classify('no thanks, I am fine').language).toBe('en');
    expect(classify('obrigada, não quero').language).toBe('pt');
    expect(classify('gracias, no quiero').language).toBe('es');
  });
});

describe('classifyByRules: properties', () => {
  const filler = fc.array(
    fc.constantFrom('sim', 'obrigada', 'quero', 'да', 'yes', 'por favor', 'amanhã', '👍', '123'),
    {
      maxLength: 4,
    },
  );
  const separator = fc.constantFrom(' ', ', ', '! ', '\n', ' - ', '... ', '?? ');
  const casing = fc.constantFrom(
    (w: string) => w,
    (w: string) => w.toLowerCase(),
    (w: string) => w[0] + w.slice(1).toLowerCase(),
  );

  it('any text with a standalone opt-out word is opt_out', () => {
    fc.assert(
      fc.property(
        filler,
        fc.constantFrom(...OPT_OUT_WORDS),
        casing,
        filler,
        separator,
        separator,
        fc.string({ maxLength: 30 }),
        (before, word, cased, after, left, right, noise) => {
          const text = `${noise} ${before.join(' ')}${left}${cased(word)}${right}${after.join(' ')}`;
          expect(classify(text).label).toBe('opt_out');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an opt-out word inside another word is not a standalone word', () => {
    expect(classify('estou parada no trânsito').label).not.toBe('opt_out');
    expect(classify('stopover').label).not.toBe('opt_out');
  });

  it('any unicode text yields a valid label, confidence in [0, 1] and a valid date', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.constantFrom(undefined, 'pt-BR', 'ru', 'xx'),
        (text, locale) => {
          const result = classify(text, locale);
          expect(REPLY_LABELS).toContain(result.label);
          expect(result.confidence).toBeGreaterThanOrEqual(0);
          expect(result.confidence).toBeLessThanOrEqual(1);
          expect(result.by).toBe('rules');
          if (result.language !== null) expect(REPLY_LANGUAGES).toContain(result.language);
          if (result.date !== undefined) expect(result.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('full-range unicode strings and long texts never throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 4000 }), (text) => {
        expect(REPLY_LABELS).toContain(classify(text).label);
      }),
      { numRuns: 200 },
    );
  });
});

describe('an opt-out word about a booking or a habit', () => {
  it.each([
    'Quero cancelar meu horário de amanhã',
    'Preciso cancelar a consulta de sexta',
    'Necesito cancelar mi cita del lunes',
    'I need to cancel my appointment on Friday',
    'Хочу отменить запись на завтра',
    'Vou parar de fazer as unhas por um tempo',
  ])('"%s" is not an opt-out', (text) => {
    expect(classify(text).label).not.toBe('opt_out');
  });

  it.each([
    'CANCELAR',
    'Quero cancelar',
    'cancelar tudo por favor',
    'Pare',
    'parar de me mandar mensagem',
    'SAIR da lista',
  ])('"%s" still is', (text) => {
    expect(classify(text).label).toBe('opt_out');
  });
});

describe('a request to be taken off, however it is phrased', () => {
  it.each([
    'Solicito gentilmente a remoção do meu contato da lista de envios de vocês.',
    'Com base na LGPD, solicito a exclusão dos meus dados da base de vocês.',
    'Прошу удалить мой номер из вашей базы рассылки.',
    'Просьба исключить наш отдел закупок из вашей email-рассылки',
    'Buenas tardes, solicito que eliminen mis datos de su base de contactos.',
    'este número ya no es de Carmen, bórrenlo de su base porfa',
    'Kindly remove our address from your promotional mailing list.',
    'This is no longer his number. Please remove it from your system.',
  ])('"%s" is an opt-out', (text) => {
    expect(classify(text).label).toBe('opt_out');
  });

  it.each([
    // another list, an old number, a message deleted by mistake: the messages are still wanted
    'podem tirar o meu nome da lista de espera e marcar pra sexta?',
    'Please delete the old number and use this one for bookings',
    'excluí a mensagem sem querer, pode mandar de novo?',
    'Borré el mensaje sin querer, ¿me lo reenvían?',
    'quero remover a unha de gel e fazer a fibra',
    // the words are in different sentences
    'Vou remover o esmalte em casa. Aliás, a lista de preços mudou?',
  ])('"%s" is not', (text) => {
    expect(classify(text).label).not.toBe('opt_out');
  });
});

describe('a long opt-out word with a typo', () => {
  it.each(['descadrastar', 'unsubscirbe', 'отписатся', 'desuscrivirme', 'descadastar'])(
    '"%s" is an opt-out',
    (text) => {
      expect(classify(text).label).toBe('opt_out');
    },
  );

  it.each([
    // two letters from "отписаться", "unsubscribe" and "desuscribir" — and the opposite
    'хочу подписаться на курс',
    'subscribe me to the newsletter',
    'pueden describir el tratamiento?',
    // too short to guess at
    'cancela',
    'can you stop by the salon at 5?',
  ])('"%s" is not', (text) => {
    expect(classify(text).label).not.toBe('opt_out');
  });
});

describe('a reply that mentions a list, spam or a complaint', () => {
  it.each([
    'quero sim, me manda a lista de preços',
    'sure, thanks, and please drop me from that list',
    'ok, mas isso parece spam hein',
  ])('"%s" is read with doubt, so a model has the last word', (text) => {
    const result = classify(text);
    expect(result.label).not.toBe('opt_out');
    expect(result.confidence).toBeLessThanOrEqual(0.5);
  });
});
