import type { ReplyLanguage } from './types.ts';

/**
 * The language a reply is read as: the locale hint when it names one of the four, else Cyrillic
 * means Russian, else whichever language's own words and lexicon cues the text holds most of.
 * tinyld (which judges the model's messages) is not used here: replies are mostly one to five
 * words ("ok", "sim", "no gracias"), far below the 24 letters its n-grams need to tell anything.
 */
const MARKERS: Readonly<Record<Exclude<ReplyLanguage, 'ru'>, ReadonlySet<string>>> = {
  pt: new Set(
    'nao sim voce vc vcs obrigado obrigada obg obgd quero estou to tou ta amanha agora depois outra outro fazer tenho posso ate vou meu minha beleza valeu oi ola tudo muito horario preciso queria gostaria consigo mande manda ja quanto marcar pra pro mais voces ainda entao tambem tbm bom boa aqui essa esse isso nessa nesse dia mes mim fico nada gente moca mensagem mensagens mandar enviar receber'.split(
      ' ',
    ),
  ),
  es: new Set(
    'gracias quiero estoy manana hola puedo tengo hasta muy pero cuanto cuesta ahora otro otra el la los las del si dale vale bueno claro lunes martes miercoles jueves viernes despues usted ustedes tambien aqui esa ese eso dia mes nada gente chica favor mejor quisiera podria hay puede escribir escribas mandes'.split(
      ' ',
    ),
  ),
  en: new Set(
    'the you i im thanks thank yes not please want can will my is it this that we do dont sure week day tomorrow next back away until much how what would like time to of for be have no instead another could see book get its ill id'.split(
      ' ',
    ),
  ),
};

export function languageOfLocale(locale: string | undefined): ReplyLanguage | null {
  const primary = locale?.trim().toLowerCase().split(/[-_]/u)[0];
  return primary === 'pt' || primary === 'ru' || primary === 'en' || primary === 'es' ? primary : null;
}

/** `cueHits`: how many lexicon cues of each language matched the text. */
export function detectLanguage(
  words: readonly string[],
  cueHits: Readonly<Partial<Record<ReplyLanguage, number>>>,
  locale?: string,
): ReplyLanguage | null {
  const hinted = languageOfLocale(locale);
  if (hinted) return hinted;
  if (words.some((word) => /[\u0400-\u04ff]/u.test(word))) return 'ru';
  let best: ReplyLanguage | null = null;
  let bestScore = 0;
  for (const language of ['pt', 'es', 'en'] as const) {
    const markers = MARKERS[language];
    const score = words.filter((word) => markers.has(word)).length + (cueHits[language] ?? 0) * 0.5;
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return best;
}
