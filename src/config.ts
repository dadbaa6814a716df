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
});

export type Env = z.infer<typeof schema>;

export interface Config {
  database:
    | { kind: 'postgres'; url: string; schema?: string; poolSize: number }
    | { kind: 'pglite'; dataDir: string };
  http: { port: number; host: string; publicUrl?: string; bodyLimit: number };
  logLevel: Env['LOG_LEVEL'];
  redisUrl?: string;
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
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
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
  });
}
