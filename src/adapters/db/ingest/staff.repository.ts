import type { WorkingHours } from '../schema.ts';
import { type CatalogRecord, catalogRepository } from './catalog.repository.ts';

export interface StaffFields {
  email: string | null;
  phone: string | null;
  workingHours: WorkingHours;
  active: boolean;
}

export type StaffRecord = CatalogRecord<StaffFields>;

const repository = catalogRepository<StaffFields>('staff', [
  { field: 'email', column: 'email', type: 'text' },
  { field: 'phone', column: 'phone', type: 'text' },
  { field: 'workingHours', column: 'working_hours', type: 'jsonb' },
  { field: 'active', column: 'active', type: 'boolean' },
]);

/** The staff members these external ids or names (any case) identify. */
export const findStaff = repository.find;
export const insertStaff = repository.insert;
/** Writes the records whose stored values differ; returns their ids. */
export const updateStaff = repository.update;
