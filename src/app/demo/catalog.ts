import type { OfferingInput, StaffInput } from '../../contracts/ingest.ts';
import { parseHm, WEEKDAY_KEYS, type WorkingHours } from './calendar.ts';

/**
 * What Salão Aurora sells and who works there. Prices are 2025 São Paulo mid-market prices in
 * BRL; margins are the share left after the professional's commission (40–50% on services in
 * Brazilian salons) and materials (dye, lightener, nail polish); retail margins are lower.
 */

export const DEMO_TENANT = {
  name: 'Salão Aurora',
  timezone: 'America/Sao_Paulo',
  locale: 'pt-BR',
  currency: 'BRL',
  settings: { defaultCountry: 'BR' },
} as const;
export type DemoTenant = typeof DEMO_TENANT;

export type ServiceKey =
  | 'corte-feminino'
  | 'corte-masculino'
  | 'barba'
  | 'coloracao'
  | 'mechas'
  | 'escova'
  | 'hidratacao'
  | 'manicure'
  | 'pedicure'
  | 'sobrancelha'
  | 'massagem'
  | 'limpeza-pele';

export type ServiceSpec = {
  readonly key: ServiceKey;
  readonly name: string;
  readonly category: 'hair' | 'nails' | 'brows' | 'spa' | 'skin';
  readonly price: number;
  readonly margin: number;
  readonly durationMinutes: number;
  /** The usual days between two visits for this service: the rhythm customers scatter around. */
  readonly normDays: number;
  /** Visit-to-visit spread of one customer's gaps (log-normal sigma ≈ coefficient of variation). */
  readonly gapSpread: number;
};

/**
 * Rhythms follow what salon owners quote: a women's cut every 4–6 weeks, men's every 3–4, roots
 * touched up every 6–8 weeks, highlights every 3 months, hands every 2–3 weeks, brows every 3–4
 * weeks. Massage has no natural cadence, hence the wide spread.
 */
export const SERVICES: Readonly<Record<ServiceKey, ServiceSpec>> = {
  'corte-feminino': service('corte-feminino', 'Corte feminino', 'hair', 120, 0.62, 60, 32, 0.2),
  'corte-masculino': service('corte-masculino', 'Corte masculino', 'hair', 65, 0.7, 30, 24, 0.18),
  barba: service('barba', 'Barba', 'hair', 45, 0.74, 30, 14, 0.25),
  coloracao: service('coloracao', 'Coloração', 'hair', 210, 0.5, 120, 49, 0.2),
  mechas: service('mechas', 'Mechas', 'hair', 390, 0.48, 180, 84, 0.25),
  escova: service('escova', 'Escova', 'hair', 70, 0.72, 45, 10, 0.35),
  hidratacao: service('hidratacao', 'Hidratação capilar', 'hair', 95, 0.66, 45, 28, 0.3),
  manicure: service('manicure', 'Manicure', 'nails', 40, 0.7, 45, 18, 0.2),
  pedicure: service('pedicure', 'Pedicure', 'nails', 50, 0.68, 50, 21, 0.22),
  sobrancelha: service('sobrancelha', 'Design de sobrancelhas', 'brows', 55, 0.76, 30, 24, 0.22),
  massagem: service('massagem', 'Massagem relaxante', 'spa', 180, 0.55, 60, 40, 0.65),
  'limpeza-pele': service('limpeza-pele', 'Limpeza de pele', 'skin', 170, 0.6, 75, 42, 0.3),
};

function service(
  key: ServiceKey,
  name: string,
  category: ServiceSpec['category'],
  price: number,
  margin: number,
  durationMinutes: number,
  normDays: number,
  gapSpread: number,
): ServiceSpec {
  return { key, name, category, price, margin, durationMinutes, normDays, gapSpread };
}

export type ProductSpec = {
  readonly key: string;
  readonly name: string;
  readonly category: ServiceSpec['category'];
  readonly price: number;
  readonly margin: number;
};

/** Home-care products sold at the counter after a service. */
export const PRODUCTS: readonly ProductSpec[] = [
  { key: 'shampoo-reconstrutor', name: 'Shampoo reconstrutor', category: 'hair', price: 89, margin: 0.45 },
  { key: 'mascara-hidratacao', name: 'Máscara de hidratação', category: 'hair', price: 119, margin: 0.45 },
  { key: 'oleo-finalizador', name: 'Óleo finalizador', category: 'hair', price: 79, margin: 0.5 },
  { key: 'esmalte', name: 'Esmalte', category: 'nails', price: 24, margin: 0.55 },
  { key: 'serum-facial', name: 'Sérum facial', category: 'skin', price: 149, margin: 0.5 },
];

export type StaffSpec = {
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly skills: readonly ServiceKey[];
  readonly hours: WorkingHours;
  /** Set for someone who has left: she worked until this many days before `now`. */
  readonly leftDaysAgo?: number;
};

const HAIR_WOMEN: readonly ServiceKey[] = ['corte-feminino', 'coloracao', 'mechas', 'escova', 'hidratacao'];
const TUE_TO_FRI = ['tue', 'wed', 'thu', 'fri'] as const;

function days(keys: readonly (keyof WorkingHours)[], shifts: [string, string][]): WorkingHours {
  return Object.fromEntries(keys.map((key) => [key, shifts]));
}

/**
 * Seven people work at the salon today: three for women's hair (Beatriz also does brows and
 * skin), a barber, two for nails, a massage therapist. The eighth, Larissa, left 14 months before
 * `now` and some of her loyal clients left with her (see profile.ts). Nobody works Sunday, only
 * Ricardo and Camila work Monday, and Fernanda keeps a lunch break, so shifts can be split.
 */
export const STAFF: readonly StaffSpec[] = [
  {
    key: 'ana-paula',
    name: 'Ana Paula Ferreira',
    email: 'anapaula@salaoaurora.com.br',
    phone: '+5511991230001',
    skills: HAIR_WOMEN,
    hours: { ...days(TUE_TO_FRI, [['09:00', '18:00']]), sat: [['08:00', '16:00']] },
  },
  {
    key: 'juliana',
    name: 'Juliana Costa',
    email: 'juliana@salaoaurora.com.br',
    phone: '+5511991230002',
    skills: [...HAIR_WOMEN, 'corte-masculino'],
    hours: { ...days(TUE_TO_FRI, [['11:00', '20:00']]), sat: [['09:00', '17:00']] },
  },
  {
    key: 'ricardo',
    name: 'Ricardo Almeida',
    email: 'ricardo@salaoaurora.com.br',
    phone: '+5511991230003',
    skills: ['corte-masculino', 'barba', 'sobrancelha'],
    hours: {
      mon: [['10:00', '19:00']],
      ...days(['wed', 'thu', 'fri'], [['10:00', '20:00']]),
      sat: [['09:00', '17:00']],
    },
  },
  {
    key: 'fernanda',
    name: 'Fernanda Oliveira',
    email: 'fernanda@salaoaurora.com.br',
    phone: '+5511991230004',
    skills: ['manicure', 'pedicure'],
    hours: days(
      [...TUE_TO_FRI, 'sat'],
      [
        ['09:00', '13:00'],
        ['14:00', '18:00'],
      ],
    ),
  },
  {
    key: 'camila',
    name: 'Camila Rodrigues',
    email: 'camila@salaoaurora.com.br',
    phone: '+5511991230005',
    skills: ['manicure', 'pedicure', 'sobrancelha'],
    hours: {
      mon: [['10:00', '18:00']],
      ...days(['wed', 'thu', 'fri'], [['12:00', '20:00']]),
      sat: [['09:00', '15:00']],
    },
  },
  {
    key: 'beatriz',
    name: 'Beatriz Santos',
    email: 'beatriz@salaoaurora.com.br',
    phone: '+5511991230006',
    skills: ['corte-feminino', 'escova', 'hidratacao', 'sobrancelha', 'limpeza-pele'],
    hours: { ...days(TUE_TO_FRI, [['10:00', '19:00']]), sat: [['09:00', '16:00']] },
  },
  {
    key: 'patricia',
    name: 'Patrícia Lima',
    email: 'patricia@salaoaurora.com.br',
    phone: '+5511991230007',
    skills: ['massagem', 'limpeza-pele'],
    hours: {
      tue: [['13:00', '20:00']],
      ...days(['thu', 'fri'], [['09:00', '18:00']]),
      sat: [['09:00', '15:00']],
    },
  },
  {
    key: 'larissa',
    name: 'Larissa Mendes',
    email: 'larissa@salaoaurora.com.br',
    phone: '+5511991230008',
    skills: ['corte-feminino', 'coloracao', 'escova', 'hidratacao'],
    hours: { ...days(TUE_TO_FRI, [['09:00', '18:00']]), sat: [['09:00', '15:00']] },
    leftDaysAgo: 430,
  },
];

export function offeringExternalId(key: string): string {
  return `off-${key}`;
}

export function staffExternalId(key: string): string {
  return `stf-${key}`;
}

/** Shifts in minutes since midnight, per weekday 0 (Sunday) … 6, precomputed for the hot loop. */
export type ShiftTable = readonly (readonly (readonly [number, number])[])[];

export function shiftTable(hours: WorkingHours): ShiftTable {
  return WEEKDAY_KEYS.map((key) =>
    (hours[key] ?? []).map(([from, to]) => [parseHm(from), parseHm(to)] as const),
  );
}

export function demoOfferings(): OfferingInput[] {
  const services = Object.values(SERVICES).map(
    (spec): OfferingInput => ({
      externalId: offeringExternalId(spec.key),
      name: spec.name,
      kind: 'service',
      category: spec.category,
      price: spec.price,
      margin: spec.margin,
      durationMinutes: spec.durationMinutes,
      active: true,
    }),
  );
  const products = PRODUCTS.map(
    (spec): OfferingInput => ({
      externalId: offeringExternalId(spec.key),
      name: spec.name,
      kind: 'product',
      category: spec.category,
      price: spec.price,
      margin: spec.margin,
      active: true,
    }),
  );
  return [...services, ...products];
}

export function demoStaff(): StaffInput[] {
  return STAFF.map((spec) => ({
    externalId: staffExternalId(spec.key),
    name: spec.name,
    email: spec.email,
    phone: spec.phone,
    workingHours: spec.hours,
    active: spec.leftDaysAgo === undefined,
  }));
}
