import type { IndustryStandard, ServiceType } from './standard-types.ts';

/**
 * How often customers of a kind of business usually come back for a kind of service — level 4 of
 * the interval waterfall, used when the tenant has no rule and too little history of its own.
 * Numbers are what practitioners recommend and customers typically do (a men's cut every 4 weeks,
 * seed 004's "haircut 28 days, dental cleaning 180 days"); `confidence` says how much one number
 * fits everyone (high for dental recalls, low for B2B reorders and courses, which vary by business).
 *
 * Keywords are matched against the offering's name after normalisation (case, accents, ё → е,
 * punctuation, word order — see normalize-text.ts). Each keyword is a set of words that must all
 * appear; a word ending in `*` matches any word it begins (`masculin*` → masculino, masculina).
 * A keyword with more words is a more specific match and wins, so "Corte masculino" is a men's
 * cut, not the generic `corte*`. `refines` names the broader category this one narrows, which
 * settles a tie between them in favour of the narrower one.
 */

function standard(
  key: string,
  name: string,
  intervalDays: number,
  serviceType: ServiceType,
  confidence: number,
  keywords: IndustryStandard['keywords'],
  refines?: string,
): IndustryStandard {
  return refines
    ? { key, name, intervalDays, serviceType, confidence, keywords, refines }
    : { key, name, intervalDays, serviceType, confidence, keywords };
}

export const INDUSTRY_STANDARDS: readonly IndustryStandard[] = [
  // Hair. A cut is the anchor of most salon visits; the specific cuts refine the generic one.
  standard('haircut', 'Haircut', 35, 'hair', 0.55, {
    pt: ['corte*', 'corte* cabelo*'],
    ru: ['стрижк*'],
    en: ['haircut*', 'hair cut*'],
    es: ['corte* pelo', 'corte* cabello*'],
  }),
  standard(
    'haircut_female',
    'Female haircut',
    42,
    'hair',
    0.75,
    {
      pt: ['corte* feminin*', 'corte* mulher*', 'corte* senhora*'],
      ru: ['стрижк* женск*', 'стрижк* дамск*'],
      en: [
        'womens haircut*',
        'women haircut*',
        'ladies haircut*',
        'female haircut*',
        'womens cut*',
        'ladies cut*',
      ],
      es: ['corte* mujer*', 'corte* dama*', 'corte* femenin*', 'corte* senora*'],
    },
    'haircut',
  ),
  standard(
    'haircut_male',
    'Male haircut',
    28,
    'hair',
    0.8,
    {
      pt: ['corte* masculin*', 'corte* homem', 'corte* homens', 'corte* degrade*', 'corte* maquina*'],
      ru: ['стрижк* муж*', 'стрижк* машинк*'],
      en: [
        'mens haircut*',
        'men haircut*',
        'male haircut*',
        'mens cut*',
        'gents cut*',
        'barber cut*',
        'mens grooming',
      ],
      es: ['corte* hombre*', 'corte* caballero*', 'corte* masculin*'],
    },
    'haircut',
  ),
  standard(
    'haircut_kids',
    'Kids haircut',
    42,
    'hair',
    0.65,
    {
      pt: ['corte* infantil*', 'corte* crianca*'],
      ru: ['стрижк* детск*', 'стрижк* ребен*', 'стрижк* мальчик*'],
      en: ['kids haircut*', 'kids cut*', 'child* haircut*', 'children* cut*'],
      es: ['corte* nino*', 'corte* nina*', 'corte* infantil*'],
    },
    'haircut',
  ),
  standard('hair_colouring', 'Hair colouring', 42, 'hair', 0.75, {
    pt: ['coloraca*', 'tintura*', 'retoque* raiz*', 'tonalizante*'],
    ru: ['окрашиван*', 'колорир*', 'тонирован*', 'покраск* волос*'],
    en: ['colour*', 'color*', 'hair dye*', 'root* touch*', 'tint*'],
    es: ['tinte*', 'coloracion*', 'retoque* raiz*', 'tintura*'],
  }),
  standard('hair_highlights', 'Highlights', 84, 'hair', 0.7, {
    pt: ['mecha*', 'luzes', 'balayage*', 'reflexo*', 'morena* iluminada*'],
    ru: ['мелирован*', 'балаяж*', 'шатуш*', 'омбре'],
    en: ['highlight*', 'balayage*', 'lowlight*', 'foil*', 'babylight*', 'ombre*'],
    es: ['mechas', 'reflejo*', 'balayage*', 'iluminacion*'],
  }),
  standard('blow_dry', 'Blow-dry', 7, 'hair', 0.6, {
    pt: ['escova', 'escovinha', 'babyliss', 'penteado*'],
    ru: ['укладк*', 'прическ*'],
    en: ['blow dry*', 'blowdry*', 'blowout*', 'blow out', 'updo*'],
    es: ['brushing', 'secado*', 'peinado*', 'planchado*'],
  }),
  standard('hair_straightening', 'Keratin / straightening', 120, 'hair', 0.7, {
    pt: [
      'escova* progressiva*',
      'progressiva*',
      'alisamento*',
      'escova* definitiva*',
      'selagem*',
      'botox* capilar*',
    ],
    ru: ['кератин*', 'выпрямлен*', 'ботокс* волос*'],
    en: ['keratin*', 'brazilian blow*', 'straighten*', 'hair relax*', 'smoothing*'],
    es: ['alisado*', 'queratina*', 'keratina*', 'botox* capilar*'],
  }),
  standard('hair_treatment', 'Hair treatment', 28, 'hair', 0.65, {
    pt: [
      'hidrata*',
      'tratamento* capilar*',
      'cauteriza*',
      'reconstru* capilar*',
      'nutri* capilar*',
      'cronograma*',
    ],
    ru: ['уход* волос*', 'лечен* волос*', 'восстановлен* волос*', 'маск* волос*'],
    en: ['hair treatment*', 'deep condition*', 'hair mask*', 'olaplex', 'scalp treatment*'],
    es: ['tratamiento* capilar*', 'hidratacion*', 'mascarilla* capilar*', 'nutricion* capilar*'],
  }),
  // Barber.
  standard('beard', 'Beard trim / shave', 14, 'barber', 0.75, {
    pt: ['barba', 'barbas', 'barbear', 'bigode*'],
    ru: ['бород*', 'брить*'],
    en: ['beard*', 'beard* trim*', 'shave*', 'moustache*', 'mustache*'],
    es: ['barba', 'arreglo* barba', 'afeitad*', 'perfilado* barba'],
  }),
  // Nails.
  standard('manicure', 'Manicure', 14, 'nails', 0.75, {
    pt: ['manicur*', 'unha* mao*'],
    ru: ['маникюр*'],
    en: ['manicur*'],
    es: ['manicur*', 'unas manos'],
  }),
  standard(
    'gel_manicure',
    'Gel manicure',
    21,
    'nails',
    0.75,
    {
      pt: ['manicur* gel', 'unha* gel', 'esmalta* gel', 'esmalte* gel'],
      ru: ['гель лак*', 'гел* лак*', 'шеллак*', 'маникюр* гел*', 'покрыт* гел*'],
      en: ['manicur* gel', 'gel polish*', 'gel colour*', 'gel color*', 'gel nail*', 'shellac*'],
      es: ['manicur* gel', 'unas gel', 'esmaltado* gel', 'semipermanente*', 'esmaltado* permanente*'],
    },
    'manicure',
  ),
  standard('nail_extensions', 'Nail extensions (fill)', 21, 'nails', 0.7, {
    pt: ['alongamento* unha*', 'unha* fibra*', 'fibra* vidro*', 'acrigel*', 'unha* postica*'],
    ru: ['наращиван* ногт*', 'коррекц* ногт*', 'акрил*'],
    en: ['nail extension*', 'acrylic*', 'nail* fill*', 'gel extension*'],
    es: ['unas acrilic*', 'acrilic*', 'unas esculpid*', 'extension* unas', 'unas postiza*'],
  }),
  standard('pedicure', 'Pedicure', 28, 'nails', 0.7, {
    pt: ['pedicur*', 'unha* pe', 'unha* pes', 'podolog*'],
    ru: ['педикюр*', 'педикюр* гел*'],
    en: ['pedicur*', 'pedicur* gel'],
    es: ['pedicur*', 'unas pies', 'pedicur* gel'],
  }),
  // Brows and lashes.
  standard('brows', 'Brow shaping', 28, 'brows', 0.7, {
    pt: ['sobrancelh*', 'design* sobrancelh*', 'henna*'],
    ru: ['бров*', 'коррекц* бров*', 'архитектур* бров*', 'окрашиван* бров*'],
    en: ['brow*', 'eyebrow*', 'brow lamination', 'threading'],
    es: ['ceja*', 'diseno* ceja*', 'perfilado* ceja*', 'laminado* ceja*'],
  }),
  standard('lash_extensions', 'Eyelash extensions (fill)', 21, 'lashes', 0.75, {
    pt: ['cilio*', 'extens* cilio*', 'alongamento* cilio*', 'fio a fio', 'volume russo'],
    ru: ['ресниц*', 'наращиван* ресниц*'],
    en: ['lash*', 'eyelash*', 'lash extension*', 'lash fill*', 'lash refill*'],
    es: ['pestana*', 'extension* pestana*'],
  }),
  standard('lash_lift', 'Lash lift', 56, 'lashes', 0.65, {
    pt: ['lash lift*', 'lifting* cilio*', 'permanente* cilio*'],
    ru: ['ламинирован* ресниц*', 'ботокс* ресниц*', 'биозавивк* ресниц*'],
    en: ['lash lift*', 'lash lifting', 'lash perm*', 'eyelash perm*'],
    es: ['lifting* pestana*', 'permanente* pestana*', 'rizado* pestana*'],
  }),
  // Spa and skin.
  standard('massage', 'Massage', 30, 'spa', 0.55, {
    pt: ['massag*', 'drenage* linfatic*', 'shiatsu', 'reflexolog*'],
    ru: ['массаж*', 'лимфодренаж*'],
    en: ['massag*', 'deep tissue', 'lymphatic drainage', 'reflexolog*', 'shiatsu'],
    es: ['masaj*', 'drenaje* linfatic*', 'reflexolog*'],
  }),
  standard('facial', 'Facial / skin care', 30, 'skin', 0.6, {
    pt: ['limpeza* pele', 'limpeza* facial*', 'facial*', 'peeling*', 'hidrata* facial*', 'microagulhamento*'],
    ru: ['чистк* лиц*', 'уход* лиц*', 'пилинг*', 'косметолог*'],
    en: ['facial*', 'skin care', 'skincare', 'peel*', 'microneedling', 'hydrafacial*'],
    es: ['limpieza* facial*', 'facial*', 'tratamiento* facial*', 'peeling*', 'hidratacion* facial*'],
  }),
  // Hair removal.
  standard('waxing', 'Waxing', 28, 'waxing', 0.75, {
    pt: ['depila*', 'cera', 'virilha*', 'buco', 'depila* facial*'],
    ru: ['депиляц*', 'воск*', 'шугаринг*'],
    en: ['wax*', 'sugaring', 'hair removal'],
    es: ['depila*', 'cera', 'depila* cera', 'depila* facial*'],
  }),
  standard(
    'laser_hair_removal',
    'Laser hair removal (session)',
    42,
    'waxing',
    0.65,
    {
      pt: ['depila* laser*', 'laser*', 'fotodepila*'],
      ru: ['лазер*', 'эпиляц*', 'лазерн* эпиляц*', 'фотоэпиляц*'],
      en: ['laser*', 'laser hair removal', 'ipl', 'electrolysis'],
      es: ['depila* laser*', 'laser*', 'fotodepila*'],
    },
    'waxing',
  ),
  // Health.
  standard('dental_checkup', 'Dental check-up / cleaning', 180, 'dental', 0.85, {
    pt: [
      'limpeza* dent*',
      'profilax*',
      'odontolog*',
      'dentista*',
      'check* up odontolog*',
      'consulta* odontolog*',
    ],
    ru: ['стоматолог*', 'чистк* зуб*', 'гигиен* полост* рта', 'профгигиен*', 'осмотр* стоматолог*'],
    en: ['dental*', 'dentist*', 'teeth cleaning*', 'dental* check* up', 'dental* checkup*', 'hygienist*'],
    es: [
      'limpieza* dental*',
      'limpieza* bucal*',
      'profilaxis',
      'revision* dental*',
      'chequeo* dental*',
      'dentista*',
    ],
  }),
  standard('medical_checkup', 'Medical check-up', 365, 'medical', 0.8, {
    pt: ['check up', 'checkup*', 'exame* rotina', 'consulta* rotina', 'exame* periodic*', 'consulta* anual*'],
    ru: ['чекап*', 'чек ап', 'check up', 'медосмотр*', 'диспансериз*', 'профосмотр*', 'ежегодн* осмотр*'],
    en: ['check up', 'checkup*', 'annual physical*', 'physical exam*', 'health check*', 'annual exam*'],
    es: ['chequeo*', 'chequeo* medico*', 'revision* medica*', 'examen* anual*', 'reconocimiento* medico*'],
  }),
  // Pets.
  standard('pet_grooming', 'Pet grooming', 42, 'pets', 0.7, {
    pt: ['banho* tosa*', 'tosa*', 'banho* pet*', 'banho* cachorr*', 'banho* gato*'],
    ru: ['груминг*', 'стрижк* собак*', 'стрижк* кош*', 'стрижк* животн*', 'мыть* собак*'],
    en: ['grooming', 'pet groom*', 'dog groom*', 'cat groom*', 'dog wash*', 'dog bath*'],
    es: ['peluqueria* canina*', 'bano* perro*', 'bano* mascota*', 'estetica* canina*', 'corte* perro*'],
  }),
  standard('vet_checkup', 'Veterinary check-up / vaccination', 365, 'pets', 0.7, {
    pt: ['veterinar*', 'vacina* pet*', 'vacina* cachorr*', 'vacina* gato*', 'check* up veterinar*'],
    ru: ['ветеринар*', 'вакцинац* собак*', 'вакцинац* кош*', 'прививк* собак*', 'прививк* кош*'],
    en: [
      'vet',
      'veterinar*',
      'vet check*',
      'pet vaccin*',
      'dog vaccin*',
      'cat vaccin*',
      'check* up veterinar*',
    ],
    es: ['veterinari*', 'vacuna* perro*', 'vacuna* gato*', 'vacuna* mascota*', 'chequeo* veterinari*'],
  }),
  // Auto service.
  standard('oil_change', 'Oil change', 180, 'auto', 0.7, {
    pt: ['troca* oleo', 'oleo* motor*'],
    ru: ['замен* масл*', 'масл* двигател*'],
    en: ['oil change*', 'lube*', 'oil and filter'],
    es: ['cambio* aceite*'],
  }),
  standard('vehicle_service', 'Vehicle service', 365, 'auto', 0.65, {
    pt: ['revisa* carro*', 'revisa* veicul*', 'revisa* automo*', 'manutenca* preventiva*'],
    ru: ['техобслуживан*', 'техническ* обслуживан*', 'планов* то', 'сервисн* обслуживан*'],
    en: ['car service*', 'vehicle service*', 'auto service*', 'scheduled maintenance', 'annual service*'],
    es: [
      'revision* coche*',
      'revision* vehicul*',
      'mantenimiento* vehic*',
      'mantenimiento* coche*',
      'afinacion*',
    ],
  }),
  standard('car_wash', 'Car wash / detailing', 14, 'auto', 0.55, {
    pt: ['lavagem* carro*', 'lavagem* automo*', 'lavagem* veicul*', 'lava jato', 'lava rapido'],
    ru: ['автомойк*', 'мойк* авто*', 'мойк* машин*', 'мойк* кузов*'],
    en: ['car wash*', 'car detail*', 'auto detail*', 'valet*'],
    es: ['lavado* auto*', 'lavado* coche*', 'lavado* carro*', 'autolavado*'],
  }),
  // Fitness.
  standard('gym_membership', 'Gym membership (renewal)', 30, 'fitness', 0.7, {
    pt: ['mensalidade*', 'academia*', 'plano* academia*', 'musculaca*'],
    ru: ['абонемент*', 'фитнес*', 'тренажерн* зал*'],
    en: ['membership*', 'gym*', 'monthly pass*'],
    es: ['mensualidad*', 'membresia*', 'gimnasio*', 'cuota* mensual*'],
  }),
  standard('personal_training', 'Personal training session', 7, 'fitness', 0.65, {
    pt: ['personal', 'personal trainer*', 'treino* personal*'],
    ru: ['персональн* трениров*', 'персональн* заняти*'],
    en: ['personal train*', 'pt session*', 'coaching session*'],
    es: ['entrenamiento* personal*', 'entrenador* personal*'],
  }),
  standard('group_class', 'Group fitness class', 7, 'fitness', 0.6, {
    pt: ['aula* pilates', 'pilates', 'yoga', 'ioga', 'crossfit', 'spinning', 'funcional', 'zumba'],
    ru: ['йог*', 'пилатес*', 'трениров*', 'группов* заняти*', 'кроссфит*', 'стретчинг*'],
    en: [
      'pilates',
      'yoga',
      'crossfit',
      'spinning',
      'spin class*',
      'bootcamp*',
      'group class*',
      'fitness class*',
    ],
    es: ['clase* yoga', 'yoga', 'pilates', 'spinning', 'zumba', 'clase* grupal*', 'crossfit'],
  }),
  // B2B: a distributor's customers reorder on their own stock cycles; these are starting points.
  standard('wholesale_reorder', 'Wholesale order', 30, 'b2b', 0.5, {
    pt: ['atacado', 'pedido* atacado', 'compra* atacado', 'caixa* fechada*'],
    ru: ['опт', 'оптов*', 'оптом'],
    en: ['wholesale*', 'bulk order*', 'bulk purchase*', 'case order*', 'trade order*'],
    es: ['mayoreo', 'mayorista*', 'por mayor', 'venta* mayor*'],
  }),
  standard('distributor_restock', 'Distributor restock', 21, 'b2b', 0.5, {
    pt: ['reposica*', 'reposica* estoque*', 'distribuid*', 'recompra*'],
    ru: ['дистрибью*', 'пополнен* запас*', 'дозаказ*', 'повторн* заказ*'],
    en: ['reorder*', 're order*', 'restock*', 'replenish*', 'distributor*', 'repeat order*'],
    es: ['reposicion*', 'reabastec*', 'distribuidor*', 'recompra*', 'pedido* recurrente*'],
  }),
  // Online courses: progress, not purchase. Seed 002 flags a student idle for more than 7 days.
  standard('course_lesson', 'Course lesson', 4, 'education', 0.5, {
    pt: ['aula*', 'lica*', 'videoaula*'],
    ru: ['урок*', 'лекци*', 'вебинар*'],
    en: ['lesson*', 'lecture*', 'video lesson*'],
    es: ['leccion*', 'clase*', 'clase* online'],
  }),
  standard('course_module', 'Course module', 7, 'education', 0.5, {
    pt: ['modulo*', 'curso*', 'trilha*'],
    ru: ['модул*', 'курс*'],
    en: ['module*', 'course*', 'chapter*'],
    es: ['modulo*', 'curso*'],
  }),
];
