import { describe, expect, it } from 'vitest';
import { DEFAULT_REACTIVATION_SETTINGS, parseReactivationSettings } from './reactivation.ts';

describe('parseReactivationSettings', () => {
  it.each([undefined, null, {}])('fills every default from %j', (input) => {
    expect(parseReactivationSettings(input)).toEqual({ ok: true, settings: DEFAULT_REACTIVATION_SETTINGS });
  });

  it('documents the defaults', () => {
    expect(DEFAULT_REACTIVATION_SETTINGS).toEqual({
      mode: 'SUGGEST_ONLY',
      dailyRun: { enabled: true, localTime: '10:00', limit: 200 },
      suggestionTtlHours: 72,
      controlShare: 0.1,
      policy: {
        declineCooldownDays: 90,
        discountCeilingPct: {
          INCENTIVE_DISCOUNT: 15,
          SPECIAL_CONDITION: 20,
          PRODUCT_MIX: 10,
          PERSONAL_CONTACT: 5,
        },
        marginFloorPct: 15,
        offerStepPct: 5,
        escalation: { topShare: 0.05 },
      },
      tone: { offerFromDays: 45, winBackFromDays: 75 },
      progressiveOffers: [0, 0.5, 1],
      effectiveness: { minAttempts: 30 },
    });
    expect(Object.isFrozen(DEFAULT_REACTIVATION_SETTINGS.policy.discountCeilingPct)).toBe(true);
    expect(Object.isFrozen(DEFAULT_REACTIVATION_SETTINGS.progressiveOffers)).toBe(true);
  });

  it('keeps given fields and fills the rest', () => {
    const parsed = parseReactivationSettings({
      mode: 'AUTO_SEND',
      dailyRun: { localTime: '08:30' },
      policy: { discountCeilingPct: { PRODUCT_MIX: 12 }, escalation: { valueAtRiskAbove: 5000 } },
      progressiveOffers: [0.25, 0.25, 1],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.settings.mode).toBe('AUTO_SEND');
    expect(parsed.settings.dailyRun).toEqual({ enabled: true, localTime: '08:30', limit: 200 });
    expect(parsed.settings.policy.discountCeilingPct).toEqual({
      INCENTIVE_DISCOUNT: 15,
      SPECIAL_CONDITION: 20,
      PRODUCT_MIX: 12,
      PERSONAL_CONTACT: 5,
    });
    expect(parsed.settings.policy.escalation).toEqual({ valueAtRiskAbove: 5000, topShare: 0.05 });
    expect(parsed.settings.progressiveOffers).toEqual([0.25, 0.25, 1]);
    expect(parsed.settings.controlShare).toBe(0.1);
  });

  it.each([
    [{ mode: 'AUTO' }, 'mode'],
    [{ dailyRun: { localTime: '24:00' } }, 'dailyRun.localTime'],
    [{ dailyRun: { localTime: '9:00' } }, 'dailyRun.localTime'],
    [{ dailyRun: { limit: 0 } }, 'dailyRun.limit'],
    [{ dailyRun: { enabled: 'yes' } }, 'dailyRun.enabled'],
    [{ suggestionTtlHours: 0 }, 'suggestionTtlHours'],
    [{ controlShare: 0.6 }, 'controlShare'],
    [{ controlShare: -0.1 }, 'controlShare'],
    [{ policy: { declineCooldownDays: -1 } }, 'policy.declineCooldownDays'],
    [{ policy: { discountCeilingPct: { PRODUCT_MIX: 120 } } }, 'policy.discountCeilingPct.PRODUCT_MIX'],
    [{ policy: { discountCeilingPct: { WAIT: 5 } } }, 'policy.discountCeilingPct.WAIT'],
    [{ policy: { marginFloorPct: 101 } }, 'policy.marginFloorPct'],
    [{ policy: { offerStepPct: 2.5 } }, 'policy.offerStepPct'],
    [{ policy: { escalation: { valueAtRiskAbove: 0 } } }, 'policy.escalation.valueAtRiskAbove'],
    [{ policy: { escalation: { topShare: 2 } } }, 'policy.escalation.topShare'],
    [{ tone: { offerFromDays: 80 } }, 'tone.winBackFromDays'],
    [{ tone: { gentleFromDays: 30 } }, 'tone.gentleFromDays'],
    [{ progressiveOffers: [] }, 'progressiveOffers'],
    [{ progressiveOffers: [0, 1.5] }, 'progressiveOffers.1'],
    [{ progressiveOffers: [0.5, 0.25, 1] }, 'progressiveOffers.1'],
    [{ effectiveness: { minAttempts: 0 } }, 'effectiveness.minAttempts'],
    [{ maxAttemptsPerLapse: 3 }, 'maxAttemptsPerLapse'],
    ['strict', '(root)'],
  ])('rejects %j at %s', (input, path) => {
    const parsed = parseReactivationSettings(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((issue) => issue.path)).toContain(path);
  });

  it('reports every bad field at once', () => {
    const parsed = parseReactivationSettings({
      controlShare: 1,
      policy: { marginFloorPct: -5, discountCeilingPct: { INCENTIVE_DISCOUNT: '15' } },
      typo: 1,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((issue) => issue.path).sort()).toEqual([
      'controlShare',
      'policy.discountCeilingPct.INCENTIVE_DISCOUNT',
      'policy.marginFloorPct',
      'typo',
    ]);
    expect(parsed.issues.find((issue) => issue.path === 'typo')?.message).toBe('unknown setting');
    expect(parsed.issues.find((issue) => issue.path === 'policy.marginFloorPct')?.message).toMatch(/>=\s*0/);
  });
});
