import { describe, expect, it } from 'vitest';
import { classifyWhatsAppError, WHATSAPP_ERROR_RULES, type WhatsAppErrorAction } from './errors.ts';

const MINUTE = 60_000;

describe('classifyWhatsAppError', () => {
  it.each<[number, WhatsAppErrorAction, number | undefined]>([
    // Authorization: the token or the app's permissions.
    [0, 'pause_sender', undefined],
    [3, 'pause_sender', undefined],
    [10, 'pause_sender', undefined],
    [190, 'pause_sender', undefined],
    [200, 'pause_sender', undefined],
    [250, 'pause_sender', undefined],
    [299, 'pause_sender', undefined],
    // Throttling.
    [4, 'retry', MINUTE],
    [80007, 'retry', MINUTE],
    [130429, 'pause_sender', MINUTE],
    [131048, 'pause_sender', undefined],
    [131056, 'retry', 6000],
    [133016, 'pause_sender', undefined],
    // Integrity.
    [368, 'pause_sender', undefined],
    [130497, 'fail', undefined],
    [131031, 'pause_sender', undefined],
    // General and request errors.
    [1, 'retry', undefined],
    [2, 'retry', undefined],
    [33, 'pause_sender', undefined],
    [100, 'fail', undefined],
    [470, 'needs_template', undefined],
    [130472, 'fail', undefined],
    [131000, 'retry', undefined],
    [131005, 'pause_sender', undefined],
    [131008, 'fail', undefined],
    [131009, 'fail', undefined],
    [131016, 'retry', undefined],
    [131021, 'fail', undefined],
    [131026, 'fail', undefined],
    [131030, 'fail', undefined],
    [131037, 'pause_sender', undefined],
    [131042, 'pause_sender', undefined],
    [131045, 'pause_sender', undefined],
    [131047, 'needs_template', undefined],
    [131049, 'retry', 24 * 60 * MINUTE],
    [131050, 'fail', undefined],
    [131051, 'fail', undefined],
    [131052, 'fail', undefined],
    [131053, 'retry', undefined],
    [131057, 'retry', MINUTE],
    // Templates: the family fails, the throttled flow waits an hour.
    [132000, 'fail', undefined],
    [132001, 'fail', undefined],
    [132005, 'fail', undefined],
    [132007, 'fail', undefined],
    [132012, 'fail', undefined],
    [132015, 'fail', undefined],
    [132016, 'fail', undefined],
    [132030, 'fail', undefined],
    [132068, 'fail', undefined],
    [132069, 'retry', 60 * MINUTE],
    // Registration: the family pauses, the server hiccup retries.
    [133000, 'pause_sender', undefined],
    [133004, 'retry', undefined],
    [133005, 'pause_sender', undefined],
    [133006, 'pause_sender', undefined],
    [133008, 'pause_sender', undefined],
    [133009, 'pause_sender', undefined],
    [133010, 'pause_sender', undefined],
    [133015, 'pause_sender', undefined],
    [135000, 'fail', undefined],
  ])('%i → %s', (code, action, retryAfterMs) => {
    const verdict = classifyWhatsAppError(code);
    expect(verdict.known).toBe(true);
    expect(verdict.action).toBe(action);
    expect(verdict.retryAfterMs).toBe(retryAfterMs);
  });

  it('a subcode row wins over its code: 100/33 is a wrong phone-number id, not a bad message', () => {
    expect(classifyWhatsAppError(100, 33).action).toBe('pause_sender');
    expect(classifyWhatsAppError(100, 2494010).action).toBe('fail');
  });

  it('the code decides even when the HTTP status would say otherwise', () => {
    // Courier's stand-in answers 368 and 131056 with HTTP 403.
    expect(classifyWhatsAppError(131056, undefined, 403).action).toBe('retry');
    expect(classifyWhatsAppError(100, undefined, 500).action).toBe('fail');
  });

  it.each<[number | undefined, boolean | undefined, WhatsAppErrorAction]>([
    [500, undefined, 'retry'],
    [503, undefined, 'retry'],
    [429, undefined, 'retry'],
    [408, undefined, 'retry'],
    [401, undefined, 'pause_sender'],
    [404, undefined, 'pause_sender'],
    [400, undefined, 'fail'],
    [403, undefined, 'fail'],
    [400, true, 'retry'],
    [undefined, undefined, 'fail'],
  ])('an undocumented code with HTTP %s (is_transient %s) → %s', (status, transient, action) => {
    const verdict = classifyWhatsAppError(999_999, undefined, status, transient);
    expect(verdict.known).toBe(false);
    expect(verdict.action).toBe(action);
  });
});

describe('WHATSAPP_ERROR_RULES', () => {
  it('has no two rows for the same codes and subcode, so no answer depends on row order', () => {
    const keys = WHATSAPP_ERROR_RULES.map((rule) => `${rule.from}-${rule.to}/${rule.subcode ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has well-formed ranges, titles, and waits only where they make sense', () => {
    for (const rule of WHATSAPP_ERROR_RULES) {
      expect(rule.from).toBeLessThanOrEqual(rule.to);
      expect(rule.title).not.toBe('');
      if (rule.retryAfterMs !== undefined) {
        expect(['retry', 'pause_sender']).toContain(rule.action);
        expect(rule.retryAfterMs).toBeGreaterThan(0);
      }
    }
  });
});
