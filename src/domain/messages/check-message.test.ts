import { describe, expect, it } from 'vitest';
import { checkMessage, type MessageIssueCode, type MessageRules } from './check-message.ts';

const RULES: MessageRules = { maxLength: 250, maxDiscountPct: 10 };
const codes = (text: string, rules: Partial<MessageRules> = {}) =>
  checkMessage(text, { ...RULES, ...rules }).map((issue) => issue.code);

describe('checkMessage', () => {
  it.each<[string, string]>([
    [
      'pt-BR',
      'Oi, Maria! Sentimos sua falta. Separamos 10% de desconto para sua volta. Quer agendar quarta-feira (18/06) às 10:30?',
    ],
    [
      'ru',
      'Мария, здравствуйте! Мы соскучились: для Вас скидка 10 % на следующий визит. Есть время: среда (18.06) в 10:30. Записать Вас?',
    ],
    [
      'en',
      "Hi Maria! We've missed you. Here's 10% off your next visit. We have Wednesday (6/18) at 10:30 AM. Shall we book you in?",
    ],
    [
      'es',
      '¡Hola, María! Te echamos de menos. Tienes un 10 % de descuento en tu próxima visita. ¿Te reservamos el miércoles (18/6) a las 10:30?',
    ],
    [
      'en, "free" about time',
      "Hi Maria! Are you free on Friday? We have a free slot at 10:30 AM. Feel free to reply and we'll book you in.",
    ],
    [
      'pt-BR, "livre" is not free of charge',
      'Oi, Maria! Temos um horário livre na sexta às 10:30. Quer que a gente reserve para você?',
    ],
    [
      'es, a date with full stops',
      '¡Hola, María! Tenemos cita el 18.06.2025 a las 10:30. ¿Te la reservamos?',
    ],
  ])('passes a good %s text', (_, text) => {
    expect(checkMessage(text, RULES)).toEqual([]);
  });

  it.each<[string, string, MessageIssueCode, Partial<MessageRules>?]>([
    // Nothing to read.
    ['whitespace', '   \n ', 'empty'],
    ['only emoji and punctuation', '😊👍 !!', 'empty'],
    // Over the channel limit.
    ['251 characters for a 250 limit', `Oi ${'a'.repeat(248)}`, 'too_long'],
    ['over the e-mail limit', `Hello ${'x'.repeat(2000)}`, 'too_long', { maxLength: 2000 }],
    // Placeholders, in every style a template system or a model leaves them.
    ['{{mustache}}', 'Oi, {{firstName}}! Sentimos sua falta.', 'placeholder'],
    ['{single}', 'Hola {nombre}, te echamos de menos.', 'placeholder'],
    ['[square]', 'Oi [Nome do cliente], sentimos sua falta.', 'placeholder'],
    ['<angle>', 'Hi <customer name>, we miss you.', 'placeholder'],
    ['%s', 'Здравствуйте, %s! Мы соскучились.', 'placeholder'],
    ['XX%', "Hi Maria, here's XX% off your next visit.", 'placeholder'],
    ['___', 'Oi Maria, seu horário é ___ às 10h.', 'placeholder'],
    ['$variable', 'Hi $first_name, we miss you.', 'placeholder'],
    ['CONSTANT_NAME', 'Hi CUSTOMER_NAME, we miss you.', 'placeholder'],
    ['a date mask', '¡Hola, María! Tenemos cita el DD/MM a las 10:30.', 'placeholder'],
    ['Fulano', 'Oi Fulano, sentimos sua falta!', 'placeholder'],
    ['(name)', 'Hola (nombre), te echamos de menos.', 'placeholder'],
    // An offer above what may be offered, in four languages and many spellings.
    ['"20% off"', "Hi Maria, here's 20% off your next visit.", 'offer_too_high'],
    ['"20 %" with a no-break space', 'Мария, для Вас скидка 20\u00a0% на визит.', 'offer_too_high'],
    ['"15,5%"', 'Oi Maria, desconto de 15,5% para você.', 'offer_too_high'],
    ['"20 por cento"', 'Oi Maria, você tem 20 por cento de desconto.', 'offer_too_high'],
    ['"20 por ciento"', 'Hola María, tienes un 20 por ciento de descuento.', 'offer_too_high'],
    ['"20 процентов"', 'Мария, дарим скидку 20 процентов.', 'offer_too_high'],
    ['"20 percent"', 'Hi Maria, enjoy 20 percent off.', 'offer_too_high'],
    ['a percentage in words', 'Oi Maria, você ganhou vinte por cento de desconto.', 'offer_too_high'],
    [
      'any percentage when nothing is offered',
      'Hi Maria, 5% off for you this week.',
      'offer_too_high',
      { maxDiscountPct: 0 },
    ],
    ['"free"', 'Hi Maria, your next manicure is free!', 'offer_too_high'],
    ['"for free"', 'Hi Maria, come back and get a hair mask for free.', 'offer_too_high'],
    ['"grátis"', 'Oi Maria, na sua volta a hidratação é grátis.', 'offer_too_high'],
    ['"gratuita"', 'Oi Maria, sua próxima avaliação é gratuita.', 'offer_too_high'],
    ['"de graça"', 'Oi Maria, a escova sai de graça.', 'offer_too_high'],
    ['"бесплатно"', 'Мария, укладка для Вас бесплатно!', 'offer_too_high'],
    ['"в подарок"', 'Мария, маска для волос в подарок!', 'offer_too_high'],
    ['"gratis"', '¡Hola María! El peinado es gratis.', 'offer_too_high'],
    ['"de regalo"', '¡Hola María! Te damos una mascarilla de regalo.', 'offer_too_high'],
    ['half price', 'Hi Maria, come back at half price!', 'offer_too_high'],
    ['2x1', '¡Hola María! Esta semana, manicura 2x1.', 'offer_too_high'],
    ['полцены', 'Мария, стрижка за полцены!', 'offer_too_high'],
    // Money the model was never told about.
    ['R$', 'Oi Maria, o corte agora custa R$ 80.', 'contains_price'],
    ['euros', 'Hola María, el corte cuesta 25 euros.', 'contains_price'],
    ['рублей', 'Мария, стрижка всего 1500 рублей.', 'contains_price'],
    // Contact details the model cannot know.
    ['a phone number', 'Oi Maria, ligue para +55 (11) 98765-4321.', 'contains_contact'],
    ['an e-mail address', 'Hi Maria, write to bookings@studio-bella.com.', 'contains_contact'],
    // Links.
    ['https link', 'Hi Maria, book here: https://example.com/book', 'contains_url'],
    ['www link', 'Oi Maria, agende em www.studiobella.com.br', 'contains_url'],
    ['bare domain', 'Hola María, reserva en studiobella.es', 'contains_url'],
    ['wa.me', 'Oi Maria, chama a gente: wa.me/5511987654321', 'contains_url'],
  ])('flags %s', (_, text, code, rules) => {
    expect(codes(text, rules)).toContain(code);
  });

  it.each<[string, string, string, MessageIssueCode[]]>([
    [
      'pt-BR',
      'Hi Maria! We miss you a lot. Would you like to book a visit this week?',
      'en',
      ['wrong_language'],
    ],
    [
      'pt-BR',
      '¡Hola María! Te echamos de menos. ¿Quieres reservar una cita esta semana?',
      'es',
      ['wrong_language'],
    ],
    ['es', 'Oi Maria! Sentimos sua falta. Quer agendar um horário esta semana?', 'pt', ['wrong_language']],
    ['en', 'Oi Maria! Sentimos sua falta. Quer agendar um horário esta semana?', 'pt', ['wrong_language']],
    ['ru', 'Maria, we miss you! Would you like to book a visit this week?', 'en', ['wrong_language']],
    [
      'ru',
      'Маріє, ми сумуємо за вами! Запишемо вас на цьому тижні? Просто дайте відповідь.',
      'uk',
      ['wrong_language'],
    ],
    ['pt-BR', 'Oi Maria! Sentimos sua falta. Quer agendar um horário esta semana?', 'pt', []],
  ])('expecting %s, a text in %s… (%s)', (language, text, _, expected) => {
    expect(codes(text, { language: language as MessageRules['language'] })).toEqual(expected);
  });

  it('does not judge the language of a text too short to tell', () => {
    expect(codes('Oi Maria! Tudo bem?', { language: 'es' })).toEqual([]);
  });

  it('ignores known names when judging language, links and contacts', () => {
    const text =
      'Hola, María! Te esperamos en Beleza Studio Bella.com con Juliana. ¿Reservamos una cita esta semana?';
    expect(codes(text, { language: 'es' })).toContain('contains_url');
    expect(codes(text, { language: 'es', names: ['Beleza Studio Bella.com', 'Juliana'] })).toEqual([]);
  });

  it('never ignores a name that looks like a placeholder or an offer', () => {
    const text = 'Oi, Maria! Aqui é {staff}, da equipe Promo 50%. Quer agendar?';
    expect(codes(text, { names: ['{staff}', 'Promo 50%'] })).toEqual(['placeholder', 'offer_too_high']);
  });

  it('accepts the offer itself and anything below it, and links only when allowed', () => {
    expect(codes('Hi Maria, 10% off, or 5% on a weekday.', { maxDiscountPct: 10 })).toEqual([]);
    expect(codes('Hi Maria, book here: https://example.com/b', { allowUrls: true })).toEqual([]);
    expect(codes('Hi Maria, your next manicure is free!', { allowFree: true })).toEqual([]);
  });

  it('explains each issue in words', () => {
    expect(checkMessage('Oi [nome], 30% de desconto!', RULES)).toEqual([
      { code: 'placeholder', message: 'unfilled placeholder: a […] blank ("[nome]")' },
      { code: 'offer_too_high', message: 'mentions "30%"; at most 10% may be offered' },
    ]);
  });
});
