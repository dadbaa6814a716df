import { describe, expect, it } from 'vitest';
import { cleanModelText } from './clean-model-text.ts';

describe('cleanModelText', () => {
  it.each<[string, string, string]>([
    ['surrounding whitespace', '  Oi, Maria!  \n', 'Oi, Maria!'],
    ['straight quotes', '"Oi, Maria! Quer agendar?"', 'Oi, Maria! Quer agendar?'],
    ['curly quotes', '“Hi Maria!”', 'Hi Maria!'],
    ['guillemets', '«Мария, здравствуйте!»', 'Мария, здравствуйте!'],
    ['a label', 'Mensagem: Oi, Maria!', 'Oi, Maria!'],
    ['a label and quotes', 'Message (WhatsApp): "Hi Maria!"', 'Hi Maria!'],
    ['bold', 'Oi, **Maria**! Temos **10%** de desconto.', 'Oi, Maria! Temos 10% de desconto.'],
    ['a heading and bullets', '# Oferta\n- Oi, Maria!\n- Quer agendar?', 'Oferta\nOi, Maria!\nQuer agendar?'],
    ['a code fence', '```\nHi Maria!\n```', 'Hi Maria!'],
    ['a reasoning block', '<think>She likes mornings.</think>\nHi Maria!', 'Hi Maria!'],
    ['a reasoning block missing its opening tag', 'She likes mornings.</think>Hi Maria!', 'Hi Maria!'],
    ['blank lines', 'Hi Maria!\n\n\n\nShall we book?', 'Hi Maria!\n\nShall we book?'],
  ])('removes %s', (_, raw, clean) => {
    expect(cleanModelText(raw)).toBe(clean);
  });

  it.each([
    ['two quotations are not one wrapped text', '"Oi" e "tchau"'],
    ['a placeholder stays for the check to see', 'Oi, [nome]! ___'],
    ['a link stays', 'Hi Maria, https://example.com'],
  ])('keeps content: %s', (_, text) => {
    expect(cleanModelText(text)).toBe(text);
  });
});
