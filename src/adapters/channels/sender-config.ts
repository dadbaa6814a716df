/**
 * Reading a sender's settings and secrets. Each client declares the shape it needs with zod; a
 * sender that does not match (a missing token, a URL that is not one) is the sender's problem,
 * not the message's, so it pauses the sender instead of failing message after message.
 * Schemas are plain objects, not strict: a sender row also carries fields other parts use (the
 * WhatsApp verify token for the inbound route, display names), and those are not errors here.
 */

import type { z } from 'zod';
import type { SendResult } from '../../domain/outreach/channel.ts';

export type ConfigResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: SendResult };

export function readSenderPart<S extends z.ZodType>(
  schema: S,
  input: unknown,
  part: 'settings' | 'secrets',
): ConfigResult<z.output<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || part}: ${issue.message}`)
    .join('; ');
  return {
    ok: false,
    failure: {
      kind: 'failed',
      code: 'invalid_sender_config',
      action: 'pause_sender',
      message: `sender ${part} are not usable: ${problems}`,
    },
  };
}
