import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUrls, replaceUrls } from './urls.ts';

const urls = (text: string) => findUrls(text).map((s) => s.url);

describe('findUrls', () => {
  it.each<[string, string, string[]]>([
    [
      'a bare address',
      'Agende: https://salao.com.br/agenda?x=1&y=2',
      ['https://salao.com.br/agenda?x=1&y=2'],
    ],
    [
      'http and https, case-insensitive scheme',
      'HTTP://a.com/x e https://b.com',
      ['HTTP://a.com/x', 'https://b.com'],
    ],
    ['the full stop ending a sentence', 'Veja https://a.com/promo.', ['https://a.com/promo']],
    ['several trailing marks', 'Viu https://a.com/x?!...', ['https://a.com/x']],
    ['a closing bracket of the sentence', '(veja https://a.com/x)', ['https://a.com/x']],
    [
      'a bracket that belongs to the address',
      'https://en.wikipedia.org/wiki/Foo_(bar)',
      ['https://en.wikipedia.org/wiki/Foo_(bar)'],
    ],
    ['WhatsApp bold around it', 'Toque *https://a.com/x* agora', ['https://a.com/x']],
    ['WhatsApp italic around it', '_https://a.com/x_', ['https://a.com/x']],
    ['an underscore that belongs to the address', 'https://a.com/x_', ['https://a.com/x_']],
    ['quotes around it', '"https://a.com/x" e «https://b.com/y»', ['https://a.com/x', 'https://b.com/y']],
    ['angle brackets', '<https://a.com/x>', ['https://a.com/x']],
    ['a line break right after', 'https://a.com/x\nTchau', ['https://a.com/x']],
    ['non-ASCII path', 'https://exemplo.com.br/promoção hoje', ['https://exemplo.com.br/promoção']],
    ['glued to a word: not an address', 'xhttps://a.com/x', []],
    ['no host', 'http:// nada', []],
    ['other schemes', 'ftp://a.com mailto:a@b.com www.a.com', []],
    ['no address at all', 'Olá, Maria! Sentimos sua falta.', []],
  ])('%s', (_name, text, expected) => {
    expect(urls(text)).toEqual(expected);
  });

  it('leaves an address over 2,048 characters alone', () => {
    expect(urls(`https://a.com/${'x'.repeat(2100)}`)).toEqual([]);
  });
});

describe('replaceUrls', () => {
  it('replaces only the addresses', () => {
    expect(replaceUrls('Oi (veja https://a.com/x). Até *https://b.com*!', () => 'L')).toBe(
      'Oi (veja L). Até *L*!',
    );
  });

  it('with the identity gives the text back unchanged, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(replaceUrls(text, (u) => u)).toBe(text);
      }),
    );
  });

  // Text around addresses: anything but the start of another address.
  const prose = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/https?:\/\//i.test(s));
  // Addresses that end in a character of their own, not in punctuation a sentence would end with.
  const address = fc.webUrl({ withQueryParameters: true }).filter((u) => /[A-Za-z0-9/=&%-]$/.test(u));

  it('never changes the text between addresses', () => {
    fc.assert(
      fc.property(prose, fc.array(fc.tuple(address, prose), { maxLength: 5 }), (head, rest) => {
        const text = head + rest.map(([url, after]) => ` ${url} ${after}`).join('');
        const expected = head + rest.map(([, after]) => ` <LINK> ${after}`).join('');
        expect(urls(text)).toEqual(rest.map(([url]) => url));
        expect(replaceUrls(text, () => '<LINK>')).toBe(expected);
      }),
    );
  });

  it('keeps every character outside the spans it found, in place', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(prose, address, fc.constantFrom('.', ')', '*', '_', '\n')), { maxLength: 12 }),
        (parts) => {
          const text = parts.join('');
          const spans = findUrls(text);
          const outside = (t: string, ss: typeof spans) => {
            let out = '';
            let last = 0;
            for (const s of ss) {
              out += t.slice(last, s.start);
              last = s.end;
            }
            return out + t.slice(last);
          };
          const replaced = replaceUrls(text, () => '');
          expect(replaced).toBe(outside(text, spans));
          for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.url);
        },
      ),
    );
  });
});
