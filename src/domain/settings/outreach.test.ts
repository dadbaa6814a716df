import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTREACH_SETTINGS, parseOutreachSettings } from './outreach.ts';

describe('parseOutreachSettings', () => {
  it.each([undefined, null, {}])('fills every default from %j', (input) => {
    expect(parseOutreachSettings(input)).toEqual({ ok: true, settings: DEFAULT_OUTREACH_SETTINGS });
  });

  it('documents the defaults', () => {
    expect(DEFAULT_OUTREACH_SETTINGS).toEqual({
      window: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '09:00', until: '20:00' },
      onePerDayKinds: ['reactivation', 'follow_up', 'campaign', 'onboarding'],
    });
    expect(Object.isFrozen(DEFAULT_OUTREACH_SETTINGS.window.days)).toBe(true);
  });

  it('keeps given fields and fills the rest', () => {
    const parsed = parseOutreachSettings({
      window: { until: '18:30' },
      unsubscribeUrl: 'https://salon.example/unsubscribe/{messageId}',
    });
    expect(parsed.ok && parsed.settings).toEqual({
      window: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '09:00', until: '18:30' },
      onePerDayKinds: ['reactivation', 'follow_up', 'campaign', 'onboarding'],
      unsubscribeUrl: 'https://salon.example/unsubscribe/{messageId}',
    });
  });

  it('takes 24:00 as the end of the day', () => {
    expect(parseOutreachSettings({ window: { from: '00:00', until: '24:00' } }).ok).toBe(true);
    expect(parseOutreachSettings({ window: { from: '24:00' } }).ok).toBe(false);
  });

  it.each([
    [{ window: { from: '9:00' } }, 'window.from'],
    [{ window: { until: '24:01' } }, 'window.until'],
    [{ window: { from: '20:00', until: '09:00' } }, 'window.until'],
    [{ window: { from: '10:00', until: '10:00' } }, 'window.until'],
    [{ window: { days: [] } }, 'window.days'],
    [{ window: { days: ['monday'] } }, 'window.days.0'],
    [{ window: { days: ['mon', 'mon'] } }, 'window.days'],
    [{ onePerDayKinds: ['newsletter'] }, 'onePerDayKinds.0'],
    [{ unsubscribeUrl: 'ftp://x.example' }, 'unsubscribeUrl'],
    [{ window: { tz: 'UTC' } }, 'window.tz'],
    [{ quietHours: 1 }, 'quietHours'],
  ])('rejects %j at %s', (input, path) => {
    const parsed = parseOutreachSettings(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((issue) => issue.path)).toContain(path);
  });
});
