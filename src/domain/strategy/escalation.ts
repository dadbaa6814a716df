import type { ReactivationSettings } from '../settings/reactivation.ts';
import { amount, percent } from './format.ts';
import type { DecisionInput } from './types.ts';

/**
 * Why this customer is worth a person's time (seed 000's escalation rules), or null: value at
 * risk above the tenant's absolute threshold, or among the top `topShare` of today's candidates.
 */
export function escalationReason(input: DecisionInput, settings: ReactivationSettings): string | null {
  const { valueAtRiskAbove, topShare } = settings.policy.escalation;
  const value = input.customer.valueAtRisk;
  if (!(value > 0)) return null;
  if (valueAtRiskAbove !== undefined && value > valueAtRiskAbove) {
    return `${amount(value)} at risk is above the ${amount(valueAtRiskAbove)} escalation threshold`;
  }
  const rank = input.valueAtRiskRank;
  if (topShare > 0 && rank !== null && rank >= 1 - topShare) {
    return `their ${amount(value)} at risk is in the top ${percent(topShare)} of today's candidates`;
  }
  return null;
}
