import type { Insertable, Selectable, Updateable } from 'kysely';
import { type Db, type Trx, withTenant } from '../adapters/db/kysely.ts';
import type { Database } from '../adapters/db/schema.ts';
import type { TenantRows, TenantTable } from '../adapters/db/tenant-rows.ts';
import { conflictOnDuplicate, notFound } from './errors.ts';

type Row<T extends TenantTable> = Selectable<Database[T]>;

/** What is particular to one kind of record; defineRecord adds what every record shares. */
export interface RecordRules<T extends TenantTable, Item, Create, Patch, Query> {
  /** For messages: "offering", "staff member"… */
  noun: string;
  rows: TenantRows<T>;
  toItem(row: Row<T>): Item;
  /** Checks a create body (its references, say) and maps it to a row. */
  toRow(trx: Trx, tenantId: string, input: Create): Promise<Insertable<Database[T]>>;
  /** Checks a patch against the row it changes and maps the fields present to columns. */
  toChanges(trx: Trx, tenantId: string, patch: Patch, existing: Row<T>): Promise<Updateable<Database[T]>>;
  list(trx: Trx, tenantId: string, query: Query): Promise<{ rows: Row<T>[]; nextCursor: string | null }>;
  /**
   * Runs inside the transaction of every create, update and delete, with the row before (none
   * on create) and after (none on delete): for what must change together with the record.
   */
  afterWrite?(
    trx: Trx,
    tenantId: string,
    before: Row<T> | undefined,
    after: Row<T> | undefined,
  ): Promise<unknown>;
}

/** The five use cases of a record, each in one tenant transaction. */
export interface RecordUseCases<Item, Create, Patch, Query> {
  create(db: Db, tenantId: string, input: Create): Promise<Item>;
  get(db: Db, tenantId: string, id: string): Promise<Item>;
  update(db: Db, tenantId: string, id: string, patch: Patch): Promise<Item>;
  remove(db: Db, tenantId: string, id: string): Promise<void>;
  list(db: Db, tenantId: string, query: Query): Promise<{ items: Item[]; nextCursor: string | null }>;
}

/**
 * A record's use cases with the steps they all share: one tenant transaction each, 404 for an id
 * the tenant does not have (another tenant's included), 409 for a duplicate.
 */
export function defineRecord<T extends TenantTable, Item, Create, Patch, Query>(
  rules: RecordRules<T, Item, Create, Patch, Query>,
): RecordUseCases<Item, Create, Patch, Query> & { rules: RecordRules<T, Item, Create, Patch, Query> } {
  const { noun, rows, toItem } = rules;
  const afterWrite = rules.afterWrite ?? (async () => {});
  const duplicate = (values: object) => (constraint: string | undefined) =>
    duplicateMessage(noun, values, constraint);
  const require = async (trx: Trx, tenantId: string, id: string) => {
    const row = await rows.find(trx, tenantId, id);
    if (!row) throw notFound(noun, id);
    return row;
  };

  return {
    rules,
    create: (db, tenantId, input) =>
      withTenant(db, tenantId, async (trx) => {
        const values = await rules.toRow(trx, tenantId, input);
        const row = await conflictOnDuplicate(() => rows.insert(trx, values), duplicate(values));
        await afterWrite(trx, tenantId, undefined, row);
        return toItem(row);
      }),
    get: async (db, tenantId, id) =>
      toItem(await withTenant(db, tenantId, (trx) => require(trx, tenantId, id))),
    update: (db, tenantId, id, patch) =>
      withTenant(db, tenantId, async (trx) => {
        const existing = await require(trx, tenantId, id);
        const changes = await rules.toChanges(trx, tenantId, patch, existing);
        const row = await conflictOnDuplicate(
          () => rows.update(trx, tenantId, id, changes),
          duplicate(changes),
        );
        if (!row) throw notFound(noun, id);
        await afterWrite(trx, tenantId, existing, row);
        return toItem(row);
      }),
    remove: (db, tenantId, id) =>
      withTenant(db, tenantId, async (trx) => {
        const removed = await rows.remove(trx, tenantId, id);
        if (!removed) throw notFound(noun, id);
        await afterWrite(trx, tenantId, removed, undefined);
      }),
    list: async (db, tenantId, query) => {
      const page = await withTenant(db, tenantId, (trx) => rules.list(trx, tenantId, query));
      return { items: page.rows.map(toItem), nextCursor: page.nextCursor };
    },
  };
}

/** Unique constraints on names end in `_name` (offerings_name, staff_name); the others are external ids. */
function duplicateMessage(noun: string, values: object, constraint: string | undefined): string {
  const { name, external_id: externalId } = values as { name?: unknown; external_id?: unknown };
  const article = /^[aeiou]/.test(noun) ? 'an' : 'a';
  return constraint?.endsWith('_name') && typeof name === 'string'
    ? `${article} ${noun} named "${name}" already exists`
    : `${article} ${noun} with externalId "${String(externalId)}" already exists`;
}
