import { riskScore } from '../../domain/lifecycle/index.ts';
import type { DetectionSettings } from '../../domain/settings/detection.ts';
import type { ModelFigures } from './model-figures.ts';

/** The risk score of one customer from their overdue ratio and, when fitted, the model. */
export function combinedRisk(
  overdueRatio: number | null,
  figures: ModelFigures | null,
  settings: DetectionSettings,
): number {
  return riskScore(
    { overdueRatio, pAlive: figures?.pAlive ?? null, quietChance: figures?.quietChance ?? null },
    settings,
  );
}
