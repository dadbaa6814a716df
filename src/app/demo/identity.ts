import { dayOfYmd, isoDate, ymdOf } from './calendar.ts';
import {
  asciiSlug,
  EMAIL_DOMAINS,
  ENGLISH_NAMES,
  FEMALE_COMPOUND_NAMES,
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  NEIGHBOURHOODS,
  SPANISH_NAMES,
  SURNAMES,
} from './names.ts';
import { hashSeed, type Random } from './random.ts';

export type Gender = 'female' | 'male';

export type Identity = {
  name: string;
  gender: Gender;
  phone: string | null;
  email: string | null;
  locale: string;
  attributes: Record<string, string>;
};

/** Other area codes of people who moved to São Paulo and kept their number (Santos, Campinas, Rio…). */
const OTHER_AREA_CODES = ['12', '13', '15', '19', '21', '31', '41', '71', '81'] as const;

/** 5 × 10⁷ distinct subscriber numbers: 9, then 5–9, then seven digits. */
const SUBSCRIBER_SPACE = 50_000_000;
/** Odd and not a multiple of 5, so coprime with 5·10⁷: index → number is a bijection. */
const SUBSCRIBER_STRIDE = 7_368_787;

/**
 * A Brazilian mobile that is unique per customer (up to 50 million customers): the index walks
 * the subscriber space with a stride coprime to its size, so two customers never share a phone
 * and the ingest's deduplication by phone has nothing to merge. Most are written in E.164; the
 * rest in the ways people type them into a salon system, to exercise normalisation:
 * `(11) 98765-4321`, `11 98765-4321`, `+55 11 98765-4321`.
 */
export function brazilianMobile(random: Random, seed: number, index: number): string {
  const offset = (hashSeed(seed, -1) >>> 0) % SUBSCRIBER_SPACE;
  const n = (index * SUBSCRIBER_STRIDE + offset) % SUBSCRIBER_SPACE;
  const subscriber = `9${5 + Math.floor(n / 10_000_000)}${String(n % 10_000_000).padStart(7, '0')}`;
  const area = random.chance(0.88) ? '11' : random.pick(OTHER_AREA_CODES);
  const head = subscriber.slice(0, 5);
  const tail = subscriber.slice(5);
  return random.weighted<string>([
    [`+55${area}${subscriber}`, 70],
    [`(${area}) ${head}-${tail}`, 18],
    [`${area} ${head}-${tail}`, 6],
    [`+55 ${area} ${head}-${tail}`, 6],
  ]);
}

type NamePool = { female: readonly string[]; male: readonly string[]; surnames: readonly string[] };

function fullName(random: Random, gender: Gender, locale: string): string {
  if (locale !== 'pt-BR') {
    const pool: NamePool = locale.startsWith('en') ? ENGLISH_NAMES : SPANISH_NAMES;
    return `${random.pick(gender === 'female' ? pool.female : pool.male)} ${random.pick(pool.surnames)}`;
  }
  const first =
    gender === 'female'
      ? random.chance(1 / 6)
        ? random.pick(FEMALE_COMPOUND_NAMES)
        : random.pick(FEMALE_FIRST_NAMES)
      : random.pick(MALE_FIRST_NAMES);
  // Brazilians usually carry two surnames and often give only the last one.
  const surname = random.pick(SURNAMES);
  return random.chance(0.35) ? `${first} ${random.pick(SURNAMES)} ${surname}` : `${first} ${surname}`;
}

function email(random: Random, name: string, index: number): string {
  const parts = name.split(' ').map(asciiSlug);
  const first = parts[0] ?? 'cliente';
  const last = parts[parts.length - 1] ?? 'aurora';
  // The customer number keeps addresses unique, as providers do with their "ana.silva1987" suggestions.
  const local = random.weighted<string>([
    [`${first}.${last}${index}`, 50],
    [`${first}${last}${index}`, 25],
    [`${first}_${index}`, 15],
    [`${first[0] ?? 'c'}${last}${index}`, 10],
  ]);
  return `${local}@${random.weighted(EMAIL_DOMAINS)}`;
}

/**
 * Who the customer is: about 78% women (the salon's clientele), pt-BR for 95% with a few en/es
 * speakers, a phone for 98.5%, an e-mail for about 70%, and the attributes a salon system keeps:
 * gender, neighbourhood, how they found the salon and, for 60%, a birthday.
 */
export function createIdentity(random: Random, seed: number, index: number, nowDay: number): Identity {
  const gender: Gender = random.chance(0.78) ? 'female' : 'male';
  const locale = random.weighted<string>([
    ['pt-BR', 95],
    ['en', 1.5],
    ['en-US', 1],
    ['es', 1.5],
    ['es-AR', 1],
  ]);
  const name = fullName(random, gender, locale);
  const attributes: Record<string, string> = {
    gender: gender === 'female' ? 'F' : 'M',
    neighbourhood: random.pick(NEIGHBOURHOODS),
    source: random.weighted<string>([
      ['instagram', 35],
      ['indicacao', 30],
      ['google', 15],
      ['passante', 12],
      ['whatsapp', 8],
    ]),
  };
  if (random.chance(0.6)) {
    const age = Math.round(Math.min(75, Math.max(18, random.normal(37, 11))));
    const { year } = ymdOf(nowDay);
    const birthday = dayOfYmd(year - age, 1, 1) + random.int(0, 364);
    attributes.birthday = isoDate(birthday);
  }
  return {
    name,
    gender,
    phone: random.chance(0.985) ? brazilianMobile(random, seed, index) : null,
    email: random.chance(0.7) ? email(random, name, index) : null,
    locale,
    attributes,
  };
}
