/**
 * A use case's result as the JSON the contracts describe: dates as ISO strings, non-finite
 * numbers as null, undefined fields dropped — what the response serializer then checks.
 */
export function asJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
