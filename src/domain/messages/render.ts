import Mustache from 'mustache';
import type { MessageFacts } from './facts.ts';

/** The tags a template uses (`{{firstName}}` → `firstName`), in order of appearance. */
export function tagsOf(text: string): string[] {
  const tags: string[] = [];
  for (const [type, name] of Mustache.parse(text)) {
    if (type === 'name' || type === '&') tags.push(name);
  }
  return tags;
}

/** A template may be used when every tag it has a value (absent facts are missing keys). */
export function canRender(text: string, facts: MessageFacts): boolean {
  return tagsOf(text).every((tag) => Object.hasOwn(facts, tag));
}

/**
 * Mustache's default HTML escaping turns "D'Ávila & Filhos" into "D&#39;Ávila &amp; Filhos";
 * these texts are plain text for chat and e-mail bodies, so values go in as they are. A value
 * that itself looks like a tag ("{{x}}" typed as a name) is not expanded again by Mustache, and
 * the placeholder check then rejects that rendering.
 */
const PLAIN_TEXT = { escape: (value: unknown) => String(value) };

export function renderTemplate(text: string, facts: MessageFacts): string {
  return Mustache.render(text, facts, undefined, PLAIN_TEXT);
}
