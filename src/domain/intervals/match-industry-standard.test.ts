import { describe, expect, it } from 'vitest';
import { INDUSTRY_STANDARDS } from './industry-standards.ts';
import { matchIndustryStandard } from './match-industry-standard.ts';
import { normalizeText, tokenize } from './normalize-text.ts';
import { SERVICE_TYPES } from './standard-types.ts';

const keyOf = (name: string, category?: string) =>
  matchIndustryStandard(name, category)?.standard.key ?? null;

describe('normalizeText', () => {
  it.each([
    ['Coloração', 'coloracao'],
    ['Depilação à cera', 'depilacao a cera'],
    ['Ёлочка ЁЖИК', 'елочка ежик'],
    ["Men's Haircut", 'mens haircut'],
    ['Men’s  haircut!!', 'mens haircut'],
    ['Corte + Barba (combo)', 'corte barba combo'],
    ['Гель-лак', 'гель лак'],
    ['Pestañas / Uñas', 'pestanas unas'],
  ])('%s → %s', (text, expected) => {
    expect(normalizeText(text)).toBe(expected);
  });

  it('gives no words for punctuation only', () => {
    expect(tokenize(' — ! ')).toEqual([]);
  });
});

describe('matchIndustryStandard', () => {
  const byLanguage: [string, [string, string][]][] = [
    [
      'Portuguese',
      [
        ['Corte masculino', 'haircut_male'],
        ['Corte de cabelo masculino', 'haircut_male'],
        ['Corte feminino', 'haircut_female'],
        ['Corte', 'haircut'],
        ['Corte infantil', 'haircut_kids'],
        ['Coloração', 'hair_colouring'],
        ['Mechas', 'hair_highlights'],
        ['Escova', 'blow_dry'],
        ['Escova progressiva', 'hair_straightening'],
        ['Hidratação capilar', 'hair_treatment'],
        ['Barba', 'beard'],
        ['Manicure', 'manicure'],
        ['Manicure gel', 'gel_manicure'],
        ['Design de sobrancelhas', 'brows'],
        ['Extensão de cílios', 'lash_extensions'],
        ['Massagem relaxante', 'massage'],
        ['Limpeza de pele', 'facial'],
        ['Limpeza dentária', 'dental_checkup'],
        ['Banho e tosa', 'pet_grooming'],
        ['Troca de óleo', 'oil_change'],
        ['Pedido atacado', 'wholesale_reorder'],
        ['Módulo 3', 'course_module'],
      ],
    ],
    [
      'Russian',
      [
        ['Стрижка мужская', 'haircut_male'],
        ['Мужская стрижка', 'haircut_male'],
        ['СТРИЖКА МУЖСКАЯ (машинкой)', 'haircut_male'],
        ['Стрижка женская', 'haircut_female'],
        ['Стрижка', 'haircut'],
        ['Окрашивание волос', 'hair_colouring'],
        ['Маникюр', 'manicure'],
        ['Маникюр с покрытием гель-лак', 'gel_manicure'],
        ['Наращивание ресниц', 'lash_extensions'],
        ['Ламинирование ресниц', 'lash_lift'],
        ['Чистка зубов', 'dental_checkup'],
        ['Стрижка собак', 'pet_grooming'],
        ['Замена масла', 'oil_change'],
        ['Персональная тренировка', 'personal_training'],
        ['Ёлочка: коррекция бровей', 'brows'],
      ],
    ],
    [
      'English',
      [
        ["Men's haircut", 'haircut_male'],
        ['HAIRCUT — MEN’S', 'haircut_male'],
        ["Women's cut & finish", 'haircut_female'],
        ['Haircut', 'haircut'],
        ['Balayage', 'hair_highlights'],
        ['Gel polish manicure', 'gel_manicure'],
        ['Lash lift', 'lash_lift'],
        ['Dental check-up', 'dental_checkup'],
        ['Annual physical', 'medical_checkup'],
        ['Dog grooming', 'pet_grooming'],
        ['Oil change', 'oil_change'],
        ['Gym membership', 'gym_membership'],
        ['Distributor reorder', 'distributor_restock'],
        ['Lesson 4: pricing', 'course_lesson'],
      ],
    ],
    [
      'Spanish',
      [
        ['Corte de pelo hombre', 'haircut_male'],
        ['Corte caballero', 'haircut_male'],
        ['Corte de pelo mujer', 'haircut_female'],
        ['Corte de pelo', 'haircut'],
        ['Tinte', 'hair_colouring'],
        ['Manicura', 'manicure'],
        ['Manicura semipermanente', 'gel_manicure'],
        ['Uñas acrílicas', 'nail_extensions'],
        ['Pedicura', 'pedicure'],
        ['Depilación láser', 'laser_hair_removal'],
        ['Depilación con cera', 'waxing'],
        ['Limpieza dental', 'dental_checkup'],
        ['Cambio de aceite', 'oil_change'],
        ['Venta al por mayor', 'wholesale_reorder'],
      ],
    ],
  ];
  describe.each(byLanguage)('%s', (_, cases) => {
    it.each(cases)('%s → %s', (name, key) => {
      expect(keyOf(name)).toBe(key);
    });
  });

  it.each([
    // Combos: unrelated categories tie, and the longer interval wins.
    ['Corte + escova', 'haircut', ['blow_dry']],
    ['Manicure e pedicure', 'pedicure', ['manicure']],
    ['Aula de yoga', 'group_class', ['course_lesson']],
    // A tie between a category and its refinement is no ambiguity.
    ['Corte de pelo hombre', 'haircut_male', []],
  ])('settles the tie in "%s" for %s', (name, key, tiedWith) => {
    const match = matchIndustryStandard(name);
    expect(match?.standard.key).toBe(key);
    expect(match?.tiedWith).toEqual(tiedWith);
  });

  it.each([
    ['Pacote Premium', 'Manicure', 'manicure', 'category'],
    ['Limpeza', 'Odontologia', 'dental_checkup', 'category'],
    ['Corte + barba', 'Barbearia', 'beard', 'name'],
    ['Corte + barba', undefined, 'haircut', 'name'],
    ['Lavagem', 'Carros', 'car_wash', 'name_and_category'],
  ])('uses the category: "%s" in %s → %s via %s', (name, category, key, via) => {
    const match = matchIndustryStandard(name, category);
    expect(match?.standard.key).toBe(key);
    expect(match?.via).toBe(via);
  });

  it.each(['Pacote noiva', 'Gift card', '', '—'])('finds nothing for %j', (name) => {
    expect(matchIndustryStandard(name)).toBeNull();
  });

  it('names the keyword and its language', () => {
    expect(matchIndustryStandard('Стрижка мужская')).toMatchObject({
      keyword: 'стрижк* муж*',
      language: 'ru',
      score: 2,
      via: 'name',
    });
  });
});

describe('INDUSTRY_STANDARDS', () => {
  it('covers at least 25 categories, with keywords in four languages each', () => {
    expect(INDUSTRY_STANDARDS.length).toBeGreaterThanOrEqual(25);
    for (const standard of INDUSTRY_STANDARDS) {
      for (const language of ['pt', 'ru', 'en', 'es'] as const) {
        expect(standard.keywords[language].length, `${standard.key} ${language}`).toBeGreaterThan(0);
      }
    }
  });

  it('has unique keys, sane numbers and refinements that exist', () => {
    const keys = INDUSTRY_STANDARDS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const standard of INDUSTRY_STANDARDS) {
      expect(standard.intervalDays).toBeGreaterThan(0);
      expect(standard.confidence).toBeGreaterThan(0);
      expect(standard.confidence).toBeLessThanOrEqual(1);
      expect(SERVICE_TYPES).toContain(standard.serviceType);
      if (standard.refines) expect(keys).toContain(standard.refines);
    }
  });

  it('matches every standard by its own English name', () => {
    const unmatched = INDUSTRY_STANDARDS.filter((s) => keyOf(s.name) === null).map((s) => s.key);
    expect(unmatched).toEqual([]);
  });
});
