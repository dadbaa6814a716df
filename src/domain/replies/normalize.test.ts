import { describe, expect, it } from 'vitest';
import { normalizeReply } from './normalize.ts';

describe('normalizeReply', () => {
  it.each([
    ['Não, obrigada!!!', 'nao , obrigada'],
    ['¿el lunes mejor?', '? el lunes mejor ?'],
    ['volto dia 15/12. Às 10:30?', 'volto dia 15/12 , as 10:30 ?'],
    ['Simmm QUERO sim', 'sim quero sim'],
    ['ОТПИСАТЬСЯ!!!', 'отписаться'],
    ["I'm away until March 3rd.", 'im away until march 3rd'],
    ['...ok...', 'ok'],
    ['ещё раз', 'еще раз'],
    ['15.12.2026', '15/12/2026'],
    ['S.T.O.P', 's , t , o , p'],
  ])('%s → %s', (raw, text) => {
    expect(normalizeReply(raw).text).toBe(text);
  });

  it('keeps emoji apart and notes questions', () => {
    const reply = normalizeReply('Quero 😍👍 quando?');
    expect(reply.emojis).toEqual(['😍', '👍']);
    expect(reply.words).toEqual(['quero', 'quando']);
    expect(reply.question).toBe(true);
  });

  it('leaves nothing of punctuation and emoji alone', () => {
    expect(normalizeReply(' !!! 🙏 ').text).toBe('');
    expect(normalizeReply(' !!! 🙏 ').words).toEqual([]);
  });
});
