import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { DbOrTrx } from './kysely.ts';
import type { Database } from './schema.ts';

/** Tables whose primary key is (tenant_id, id). */
export type TenantTable = 'customers' | 'offerings' | 'staff' | 'activities' | 'bookings';

/** Reads and writes of single rows by primary key, the same for every tenant table. */
export interface TenantRows<T extends TenantTable> {
  table: T;
  find(db: DbOrTrx, tenantId: string, id: string): Promise<Selectable<Database[T]> | undefined>;
  findMany(db: DbOrTrx, tenantId: string, ids: readonly string[]): Promise<Selectable<Database[T]>[]>;
  insert(db: DbOrTrx, row: Insertable<Database[T]>): Promise<Selectable<Database[T]>>;
  update(
    db: DbOrTrx,
    tenantId: string,
    id: string,
    patch: Updateable<Database[T]>,
  ): Promise<Selectable<Database[T]> | undefined>;
  /** Deletes the row and returns it as it was, or undefined when there was none. */
  remove(db: DbOrTrx, tenantId: string, id: string): Promise<Selectable<Database[T]> | undefined>;
}

export function tenantRows<T extends TenantTable>(table: T): TenantRows<T> {
  type Row = Selectable<Database[T]>;
  // Kysely cannot check column names against a table chosen by a type parameter: the queries
  // run untyped, and the interface above types what goes in and comes out. Every table named by
  // TenantTable has tenant_id, id and updated_at.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  const from = (db: DbOrTrx) => db as unknown as Kysely<any>;
  const name: string = table;
  return {
    table,
    find: (db, tenantId, id) =>
      from(db)
        .selectFrom(name)
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst() as Promise<Row | undefined>,
    findMany: async (db, tenantId, ids) =>
      ids.length === 0
        ? []
        : ((await from(db)
            .selectFrom(name)
            .selectAll()
            .where('tenant_id', '=', tenantId)
            .where('id', 'in', [...new Set(ids)])
            .execute()) as Row[]),
    insert: (db, row) =>
      from(db).insertInto(name).values(row).returningAll().executeTakeFirstOrThrow() as Promise<Row>,
    update: (db, tenantId, id, patch) =>
      from(db)
        .updateTable(name)
        .set({ ...patch, updated_at: sql`now()` })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst() as Promise<Row | undefined>,
    remove: (db, tenantId, id) =>
      from(db)
        .deleteFrom(name)
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst() as Promise<Row | undefined>,
  };
}

/** How many rows of `table` the tenant has. */
export async function countTenantRows(db: DbOrTrx, table: TenantTable, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
