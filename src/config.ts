import { z } from 'zod';

/**
 * The one place that reads process.env. Every variable is parsed at start-up, all problems are
 * reported together, and the result is frozen.
 */
const schema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /**
   * The OpenAI-compatible chat API that writes messages (OpenAI, Gemini's compatible endpoint,
   * Ollama, vLLM). None set: templates only.
   */
  LLM_BASE_URL: unsetWhenEmpty(z.url({ protocol: /^https?$/ }).optional()),
  LLM_API_KEY: unsetWhenEmpty(z.string().optional()),
  LLM_MODEL: unsetWhenEmpty(z.string().optional()),
  /** A hosted model answers in 1–3 s; 8 s covers a slow moment without holding a batch up long. */
  LLM_TIMEOUT_MS: unsetWhenEmpty(z.coerce.number().int().min(100).max(120_000).default(8000)),
  /** Seed 003: Gemini Flash's free tier allows 15 a minute, so calls went out every 4 s. */
  LLM_REQUESTS_PER_MINUTE: unsetWhenEmpty(z.coerce.number().positive().max(100_000).default(15)),
  /** How long a call may wait for its turn before a template is used; default one interval. */
  LLM_MAX_WAIT_MS: unsetWhenEmpty(z.coerce.number().int().min(0).max(600_000).optional()),
});

/** Rules across variables, checked with the rest so every problem is reported at once. */
const checkedSchema = schema.superRefine((env, ctx) => {
  // A model needs a URL and a name. A key or model without a URL is a mistake rather than
  // "templates only" (someone expected OpenAI by default), so it is reported, not ignored.
  if (env.LLM_BASE_URL && !env.LLM_MODEL) {
    ctx.addIssue({ code: 'custom', path: ['LLM_MODEL'], message: 'required when LLM_BASE_URL is set' });
  }
  if (!env.LLM_BASE_URL && (env.LLM_MODEL || env.LLM_API_KEY)) {
    ctx.addIssue({
      code: 'custom',
      path: ['LLM_BASE_URL'],
      message: 'required when LLM_MODEL or LLM_API_KEY is set (e.g. https://api.openai.com/v1)',
    });
  }
});

/** An empty variable counts as unset: compose files often pass `LLM_API_KEY=` through. */
function unsetWhenEmpty<T extends z.ZodType>(type: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), type);
}

export type Env = z.infer<typeof schema>;

export interface Config {
  database:
    | { kind: 'postgres'; url: string; schema?: string; poolSize: number }
    | { kind: 'pglite'; dataDir: string };
  http: { port: number; host: string; publicUrl?: string; bodyLimit: number };
  logLevel: Env['LOG_LEVEL'];
  redisUrl?: string;
  /** The message-writing model; absent when LLM_BASE_URL is unset (templates only). */
  llm?: {
    baseUrl: string;
    apiKey?: string;
    model: string;
    timeoutMs: number;
    requestsPerMinute: number;
    maxWaitMs: number;
  };
}

export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.issues = issues;
  }
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { dataDir?: string } = {},
): Config {
  const parsed = checkedSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const llm = llmConfig(e);
  const database: Config['database'] =
    e.DATABASE_URL && !overrides.dataDir
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          poolSize: e.DATABASE_POOL_SIZE,
          ...(e.DATABASE_SCHEMA ? { schema: e.DATABASE_SCHEMA } : {}),
        }
      : { kind: 'pglite', dataDir: overrides.dataDir ?? e.DATA_DIR };
  return Object.freeze({
    database,
    http: {
      port: e.PORT,
      host: e.HOST,
      bodyLimit: e.BODY_LIMIT_BYTES,
      ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL } : {}),
    },
    logLevel: e.LOG_LEVEL,
    ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
    ...(llm ? { llm } : {}),
  });
}

/** The model settings; the schema has already required LLM_MODEL alongside LLM_BASE_URL. */
function llmConfig(e: Env): Config['llm'] {
  if (!e.LLM_BASE_URL || !e.LLM_MODEL) return undefined;
  return {
    baseUrl: e.LLM_BASE_URL,
    model: e.LLM_MODEL,
    timeoutMs: e.LLM_TIMEOUT_MS,
    requestsPerMinute: e.LLM_REQUESTS_PER_MINUTE,
    maxWaitMs: e.LLM_MAX_WAIT_MS ?? Math.round(60_000 / e.LLM_REQUESTS_PER_MINUTE),
    ...(e.LLM_API_KEY ? { apiKey: e.LLM_API_KEY } : {}),
  };
}
