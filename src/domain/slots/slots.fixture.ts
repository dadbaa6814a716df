import type { LocalSlot } from './free-slots.ts';
import { localStartOf } from './wall-clock.ts';

const NAMES: Record<string, string> = { ana: 'Ana', bia: 'Bia', carla: 'Carla' };

/** For tests: a slot at a UTC wall-clock time, `slot('2024-05-11 10:00', 'ana')` (a Saturday). */
export function slot(at: string, staffId: string, minutes = 60): LocalSlot {
  const start = new Date(`${at.replace(' ', 'T')}:00Z`);
  return {
    start,
    end: new Date(start.getTime() + minutes * 60_000),
    staffId,
    staffName: NAMES[staffId] ?? staffId,
    local: localStartOf(start, 'UTC'),
  };
}
