/**
 * The shape of the industry-standard table (industry-standards.ts) and the service types it sorts
 * standards into.
 */

export const SERVICE_TYPES = [
  'hair',
  'barber',
  'nails',
  'brows',
  'lashes',
  'spa',
  'skin',
  'waxing',
  'dental',
  'medical',
  'pets',
  'auto',
  'fitness',
  'b2b',
  'education',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export type KeywordLanguage = 'pt' | 'ru' | 'en' | 'es';

export type IndustryStandard = {
  readonly key: string;
  readonly name: string;
  readonly intervalDays: number;
  readonly serviceType: ServiceType;
  /** 0..1: how well one number fits every business offering this. */
  readonly confidence: number;
  readonly refines?: string;
  readonly keywords: Readonly<Record<KeywordLanguage, readonly string[]>>;
};

/** Words that name a service type in an offering's category ("Cabelo", "Ногти", "Mascotas"). */
export const SERVICE_TYPE_ALIASES: Readonly<Record<ServiceType, readonly string[]>> = {
  hair: ['hair*', 'cabelo*', 'cabeleir*', 'cabello*', 'pelo', 'peluquer*', 'волос*', 'парикмах*'],
  barber: ['barber*', 'barbear*', 'барбер*'],
  nails: ['nail*', 'unha*', 'unas', 'manicur*', 'ногт*', 'маникюр*', 'нейл*'],
  brows: ['brow*', 'eyebrow*', 'sobrancelh*', 'ceja*', 'бров*'],
  lashes: ['lash*', 'eyelash*', 'cilio*', 'pestana*', 'ресниц*'],
  spa: ['spa', 'massag*', 'masaj*', 'wellness', 'массаж*'],
  skin: ['skin*', 'pele', 'piel', 'facial*', 'estetica*', 'кож*', 'лиц*', 'косметолог*'],
  waxing: ['wax*', 'depila*', 'депиляц*', 'эпиляц*'],
  dental: ['dent*', 'odonto*', 'стоматолог*', 'зуб*'],
  medical: ['medic*', 'clinic*', 'saude', 'salud', 'health*', 'медицин*', 'клиник*'],
  pets: ['pet*', 'mascota*', 'animal*', 'dog*', 'cachorr*', 'perro*', 'животн*', 'собак*', 'зоо*'],
  auto: ['auto*', 'car', 'cars', 'carro*', 'coche*', 'veicul*', 'vehic*', 'авто*', 'машин*'],
  fitness: ['fitness', 'gym*', 'academia*', 'gimnasio*', 'sport*', 'фитнес*', 'спорт*'],
  b2b: ['b2b', 'wholesale*', 'atacad*', 'mayor*', 'distribu*', 'опт*', 'дистрибью*'],
  education: ['course*', 'curso*', 'educa*', 'lesson*', 'aula*', 'курс*', 'обучен*', 'урок*'],
};
