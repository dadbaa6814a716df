/**
 * Where a customer stands in their relationship with the tenant. A customer starts NEW, becomes
 * ACTIVE once they have come back on rhythm (see `activation` in the detection settings), then
 * slides AT_RISK → STALLED → CHURNED the longer they stay away, measured in multiples of their
 * expected interval; any completed visit brings a once-ACTIVE customer straight back to ACTIVE.
 */
export const LIFECYCLE_STATES = ['NEW', 'ACTIVE', 'AT_RISK', 'STALLED', 'CHURNED'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** The states a customer reaches by staying away, in the order they are reached. */
export const LAPSED_STATES = ['AT_RISK', 'STALLED', 'CHURNED'] as const;
export type LapsedState = (typeof LAPSED_STATES)[number];
