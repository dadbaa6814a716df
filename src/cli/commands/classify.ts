import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { replyClassifierFromConfig } from '../../app/replies/classifier.ts';
import { isValidTimeZone } from '../../app/tenants.ts';
import { loadConfig } from '../../config.ts';
import { classifyReplyBodySchema, MAX_REPLY_TEXT } from '../../contracts/replies.ts';
import { type CliContext, CliExit, EXIT } from '../context.ts';

interface ClassifyCliOptions {
  json?: boolean;
  locale?: string;
  timeZone?: string;
  now?: string;
}

/**
 * `rekindle classify`: one reply per stdin line (empty lines skipped), one answer per line out.
 * Rules and lexicon, plus the configured model (LLM_BASE_URL…) for what they leave undecided.
 * Needs no database.
 */
export function registerClassifyCommand(
  program: Command,
  ctx: CliContext,
  stdin: Readable = process.stdin,
): void {
  program
    .command('classify')
    .description(
      'classify customer replies read from stdin, one per line: positive, negative, neutral, opt_out, ' +
        'reschedule, other_offering, other_staff, away_until (with the date named); rules first, the configured ' +
        'model (LLM_BASE_URL / LLM_MODEL) only for what they leave undecided',
    )
    .option('--json', 'one JSON object per line: {text, label, confidence, date?, by, language}')
    .option(
      '--locale <locale>',
      'language hint for every line: pt-BR, ru, en or es (default: each text decides)',
    )
    .option(
      '--time-zone <zone>',
      'IANA zone "tomorrow" and "dia 15" are resolved in (default: this machine\'s zone)',
    )
    .option('--now <instant>', 'resolve dates as if it were this ISO date-time (default: now)')
    .action(async (options: ClassifyCliOptions) => {
      const settings = checkOptions(options);
      const classifier = replyClassifierFromConfig(loadConfig().llm);
      const lines = createInterface({ input: stdin, crlfDelay: Number.POSITIVE_INFINITY });
      let count = 0;
      for await (const line of lines) {
        const text = line.trim();
        if (text === '') continue;
        count++;
        if (text.length > MAX_REPLY_TEXT) {
          ctx.io.err(`classify: line ${count} skipped: longer than ${MAX_REPLY_TEXT} characters`);
          continue;
        }
        const result = await classifier.classify(text, {
          now: settings.now ?? new Date(),
          timeZone: settings.timeZone,
          ...(options.locale ? { locale: options.locale } : {}),
        });
        if (options.json) ctx.io.out(JSON.stringify({ text, ...result }));
        else
          ctx.io.out(
            `${result.label.padEnd(14)} ${result.confidence.toFixed(2)} ${result.by.padEnd(5)} ` +
              `${(result.date ?? '').padEnd(10)} ${result.language ?? '--'}  ${text}`,
          );
      }
    });
}

function checkOptions(options: ClassifyCliOptions): { timeZone: string; now?: Date } {
  if (options.locale !== undefined) {
    const parsed = classifyReplyBodySchema.shape.locale.safeParse(options.locale);
    if (!parsed.success) {
      throw new CliExit(
        EXIT.usage,
        `--locale: "${options.locale}" is not a locale such as pt-BR, ru, en or es`,
      );
    }
  }
  const timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isValidTimeZone(timeZone)) {
    throw new CliExit(
      EXIT.usage,
      `--time-zone: "${timeZone}" is not an IANA time zone (e.g. America/Sao_Paulo)`,
    );
  }
  if (options.now === undefined) return { timeZone };
  const now = new Date(options.now);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(options.now) || Number.isNaN(now.getTime())) {
    throw new CliExit(
      EXIT.usage,
      `--now: "${options.now}" is not an ISO date-time such as 2026-11-23T12:00:00Z`,
    );
  }
  return { timeZone, now };
}
