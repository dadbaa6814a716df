import { describe, expect, it } from 'vitest';
import { applyShortLinks, linksOf, restoreText, shortUrlFor, trackableUrls } from './short-links.ts';

const base = 'https://rk.example.com/';
const links = [
  { code: 'AAAAAAAAAA', url: 'https://a.com/x', shortUrl: shortUrlFor(base, 'AAAAAAAAAA') },
  { code: 'BBBBBBBBBB', url: 'https://b.com/y?z=1', shortUrl: shortUrlFor(base, 'BBBBBBBBBB') },
];

describe('short links in a text', () => {
  it('are built on the public URL without a doubled slash', () => {
    expect(shortUrlFor(base, 'AAAAAAAAAA')).toBe('https://rk.example.com/r/AAAAAAAAAA');
  });

  it('take each distinct address once and skip our own short links', () => {
    const text = `https://a.com/x, de novo https://a.com/x e https://rk.example.com/r/CCCCCCCCCC e https://b.com/y?z=1.`;
    expect(trackableUrls(text, base)).toEqual(['https://a.com/x', 'https://b.com/y?z=1']);
  });

  it('replace the addresses and turn back into the original text', () => {
    const text = 'Oi! Agende (https://a.com/x) ou *https://b.com/y?z=1*. https://a.com/x';
    const tracked = applyShortLinks(text, links);
    expect(tracked).toBe(
      'Oi! Agende (https://rk.example.com/r/AAAAAAAAAA) ou *https://rk.example.com/r/BBBBBBBBBB*. https://rk.example.com/r/AAAAAAAAAA',
    );
    expect(restoreText(tracked, links)).toBe(text);
  });

  it('read metadata.links only when it has the shape written', () => {
    expect(linksOf({ links })).toEqual(links);
    expect(linksOf({ links: [{ code: 1 }, 'x', null] })).toEqual([]);
    expect(linksOf({})).toEqual([]);
    expect(linksOf(null)).toEqual([]);
  });
});
