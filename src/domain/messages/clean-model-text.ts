/**
 * What a chat model wraps around the text it was asked for, removed before the text is checked:
 * the reasoning block some open models print (`<think>…</think>` from DeepSeek-R1 and Qwen3 on
 * Ollama or vLLM), a label ("Message:", "Mensagem:"), quotes around the whole text, and Markdown
 * (bold, headings, bullets, code marks) that WhatsApp and SMS would show as stray symbols.
 * Anything else — a placeholder, a link, a second language — is left for checkMessage to reject:
 * cleaning fixes presentation, never content.
 */
const THINKING = /<think(?:ing)?>[\s\S]*?<\/think(?:ing)?>/giu;
const UNCLOSED_THINKING = /^[\s\S]*<\/think(?:ing)?>/iu;
const LABEL =
  /^\s*(?:message|text|whatsapp|e-?mail|mensagem|mensaje|texto|сообщение|текст)\s*(?:\([^)\n]{0,30}\))?\s*:\s*/iu;
const QUOTE_PAIRS: readonly (readonly [string, string])[] = [
  ['"', '"'],
  ["'", "'"],
  ['“', '”'],
  ['„', '“'],
  ['«', '»'],
  ['‘', '’'],
  ['`', '`'],
];

function unquote(text: string): string {
  for (const [open, close] of QUOTE_PAIRS) {
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) {
      const inner = text.slice(open.length, text.length - close.length);
      // Only when the quotes wrap the whole text, not when it starts and ends with two quotations.
      if (!inner.includes(open) && !inner.includes(close)) return inner.trim();
    }
  }
  return text;
}

export function cleanModelText(raw: string): string {
  let text = raw.replace(THINKING, '').replace(UNCLOSED_THINKING, '').trim();
  text = text.replace(/^```[^\n]*\n([\s\S]*?)\n?```$/u, '$1').trim();
  text = unquote(text.replace(LABEL, '').trim());
  text = text
    .replace(/\*\*([^*\n]+)\*\*/gu, '$1')
    .replace(/__([^_\n]*\p{L}[^_\n]*)__/gu, '$1')
    .replace(/`([^`\n]+)`/gu, '$1')
    .replace(/^#{1,6}\s+/gmu, '')
    .replace(/^\s*[-*•]\s+/gmu, '')
    .replace(/[ \t]+$/gmu, '')
    .replace(/\n{3,}/gu, '\n\n');
  return text.trim();
}
