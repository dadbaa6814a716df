/**
 * Expected failures of use cases, as one closed set of codes. The HTTP edge turns them into
 * `{ error: { code, message, details } }` with a status; the CLI prints the message.
 */
export type ErrorCode =
  | 'validation_error'
  | 'invalid_json'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'not_ready'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('not_found', `${what} ${id} was not found`, { id });

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('conflict', message, details);

export const invalid = (field: string, message: string) =>
  new AppError('validation_error', `${field}: ${message}`, { issues: [{ field, message }] });

/** PostgreSQL unique_violation, surfaced as a conflict naming the constraint's columns. */
export function isUniqueViolation(
  error: unknown,
): error is { code: '23505'; constraint?: string; detail?: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23503';
}

/** Runs `work`; a unique violation inside it becomes a conflict described by `describe`. */
export async function conflictOnDuplicate<T>(
  work: () => Promise<T>,
  describe: (constraint: string | undefined) => string,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error))
      throw conflict(describe(error.constraint), { constraint: error.constraint });
    throw error;
  }
}
