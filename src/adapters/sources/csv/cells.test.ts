import { describe, expect, it } from 'vitest';
import { parseBoolean, parseConsent, parseInteger, parseNumber, parseRatio, parseTags } from './cells.ts';

describe('parseBoolean', () => {
  it.each(['true', 'TRUE', '1', 'yes', 'Sim', 'да', 'ДА', ' y '])('%j is true', (cell) => {
    expect(parseBoolean(cell)).toBe(true);
  });
  it.each(['false', '0', 'no', 'não', 'NÃO', 'nao', 'нет', 'Нет'])('%j is false', (cell) => {
    expect(parseBoolean(cell)).toBe(false);
  });
  it('names what it could not read', () => {
    expect(() => parseBoolean('maybe')).toThrow('"maybe" is not yes or no');
  });
});

describe('parseNumber', () => {
  it.each([
    ['12', 12],
    ['-3.5', -3.5],
    ['1,234.50', 1234.5],
    ['1.234,50', 1234.5],
    ['12,5', 12.5],
    ['1 234,50', 1234.5],
    ['1\u00a0234,50', 1234.5],
    ['R$ 12,50', 12.5],
    ['$1,200.00', 1200],
    ['12.50 €', 12.5],
    ['1 200 руб.', 1200],
    ['1.234.567', 1234567],
    ['1,234,567', 1234567],
    ['.5', 0.5],
    ['1e3', 1000],
    ['11.77', 11.77],
  ])('%j → %d', (cell, expected) => {
    expect(parseNumber(cell)).toBe(expected);
  });
  it.each(['', 'abc', '12abc', '1,234', '--1', '1.2.3,4,5'])('refuses %j', (cell) => {
    expect(() => parseNumber(cell)).toThrow();
  });
  it('integers and ratios', () => {
    expect(parseInteger('3')).toBe(3);
    expect(() => parseInteger('2.5')).toThrow('"2.5" is not a whole number');
    expect(parseRatio('35%')).toBeCloseTo(0.35);
    expect(parseRatio('0.4')).toBe(0.4);
  });
});

describe('parseTags and parseConsent', () => {
  it('splits tags on | or ; and drops blanks', () => {
    expect(parseTags('vip| loyal ;;new')).toEqual(['vip', 'loyal', 'new']);
  });
  it.each([
    ['granted', 'granted'],
    ['Denied', 'denied'],
    ['sim', 'granted'],
    ['no', 'denied'],
  ])('consent %j → %s', (cell, expected) => {
    expect(parseConsent(cell)).toBe(expected);
  });
});
