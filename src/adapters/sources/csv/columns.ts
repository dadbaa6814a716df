import type { ZodType } from 'zod';
import {
  activityInputSchema,
  bookingInputSchema,
  customerInputSchema,
  offeringInputSchema,
  staffInputSchema,
} from '../../../contracts/ingest.ts';

/** How a cell is read before the row goes through the entity's schema. */
export type CellType =
  | 'text'
  | 'number'
  | 'integer'
  | 'ratio'
  | 'boolean'
  | 'tags'
  | 'instant'
  | 'choice'
  | 'consent';

export interface ColumnSpec {
  /** Canonical snake_case header. */
  header: string;
  /** Field of the contract's input schema (camelCase). */
  field: string;
  type: CellType;
  required?: boolean;
}

export interface CsvEntitySpec {
  columns: readonly ColumnSpec[];
  /** Whether `attr.<key>` headers go into `attributes`. */
  attributes: boolean;
  schema: ZodType;
}

const column = (header: string, type: CellType = 'text', required = false): ColumnSpec => ({
  header,
  field: header.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
  type,
  required,
});

/** The canonical headers of each importable entity; only the required ones must be present. */
export const csvEntities = {
  customers: {
    columns: [
      column('external_id', 'text', true),
      column('name'),
      column('phone'),
      column('email'),
      column('locale'),
      column('tags', 'tags'),
      column('vip', 'boolean'),
      column('consent', 'consent'),
      column('opted_out', 'boolean'),
      column('blacklisted', 'boolean'),
    ],
    attributes: true,
    schema: customerInputSchema,
  },
  offerings: {
    columns: [
      column('external_id'),
      column('name', 'text', true),
      column('kind', 'choice'),
      column('category'),
      column('price', 'number'),
      column('margin', 'ratio'),
      column('duration_minutes', 'integer'),
      column('url'),
      column('parent_external_id'),
      column('active', 'boolean'),
    ],
    attributes: false,
    schema: offeringInputSchema,
  },
  staff: {
    columns: [
      column('external_id'),
      column('name', 'text', true),
      column('email'),
      column('phone'),
      column('active', 'boolean'),
    ],
    attributes: false,
    schema: staffInputSchema,
  },
  activities: {
    columns: [
      column('customer_external_id', 'text', true),
      column('occurred_at', 'instant', true),
      column('offering'),
      column('staff'),
      column('amount', 'number'),
      column('quantity', 'integer'),
      column('status', 'choice'),
      column('external_id'),
      column('kind', 'choice'),
    ],
    attributes: false,
    schema: activityInputSchema,
  },
  bookings: {
    columns: [
      column('customer_external_id', 'text', true),
      column('starts_at', 'instant', true),
      column('ends_at', 'instant'),
      column('offering'),
      column('staff'),
      column('amount', 'number'),
      column('status', 'choice'),
      column('external_id'),
    ],
    attributes: false,
    schema: bookingInputSchema,
  },
} satisfies Record<string, CsvEntitySpec>;

export type CsvEntityName = keyof typeof csvEntities;
