import { type RawBuilder, sql } from 'kysely';
import type { Trx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';
import type { CatalogTable } from './references.repository.ts';

/** An offering or staff member as the catalog planner sees it: identity plus the table's own fields. */
export interface CatalogRecord<Fields> {
  id: string | undefined;
  externalId: string | null;
  name: string;
  fields: Fields;
}

/** One of a catalog table's own columns, with the field it holds. */
export interface CatalogColumn<Fields> {
  field: keyof Fields & string;
  column: string;
  /** Its type in the JSON records written. */
  type: string;
  /** The type the column rounds a written value to, where it does, so equal values compare equal. */
  storedAs?: string;
}

export interface CatalogRepository<Fields> {
  /**
   * The rows these external ids or names (any case) identify: one index probe per identifier (the
   * lateral subqueries keep "limit 1" so the planner cannot flatten them into a scan of the catalog).
   */
  find(
    trx: Trx,
    tenantId: string,
    externalIds: readonly string[],
    names: readonly string[],
  ): Promise<CatalogRecord<Fields>[]>;
  /** Inserts the records; returns how many. */
  insert(trx: Trx, tenantId: string, records: readonly CatalogRecord<Fields>[]): Promise<number>;
  /** Writes the records whose stored values differ (compared after rounding to the column types); returns their ids. */
  update(trx: Trx, tenantId: string, records: readonly CatalogRecord<Fields>[]): Promise<string[]>;
}

/** Reads and writes of offerings or staff for ingestion, in set-based statements over JSON records. */
export function catalogRepository<Fields>(
  table: CatalogTable,
  columns: readonly CatalogColumn<Fields>[],
): CatalogRepository<Fields> {
  const target = sql.table(table);
  const list = (render: (column: string) => RawBuilder<unknown>) =>
    sql.join(['external_id', 'name', ...columns.map((c) => c.column)].map(render));
  const selected = sql.join(
    ['id', 'external_id', 'name', ...columns.map((c) => c.column)].map((c) => sql.ref(c)),
  );
  const recordColumns = sql.raw(
    `r(id uuid, external_id text, name text, ${columns.map((c) => `${c.column} ${c.type}`).join(', ')})`,
  );
  const storedAs = new Map(columns.map((c) => [c.column, c.storedAs]));
  const toJson = (records: readonly CatalogRecord<Fields>[]) =>
    JSON.stringify(
      records.map((r) => {
        const json: Record<string, unknown> = { id: r.id ?? null, external_id: r.externalId, name: r.name };
        for (const c of columns) json[c.column] = r.fields[c.field];
        return json;
      }),
    );

  return {
    async find(trx, tenantId, externalIds, names) {
      const result = await sql<
        Record<string, unknown> & { id: string; external_id: string | null; name: string }
      >`
        select found.* from unnest(${toPgArray(externalIds)}::text::text[]) as x
        cross join lateral (
          select ${selected} from ${target}
          where tenant_id = ${tenantId}::uuid and external_id = x
          limit 1
        ) as found
        union
        select found.* from unnest(${toPgArray(names)}::text::text[]) as x
        cross join lateral (
          select ${selected} from ${target}
          where tenant_id = ${tenantId}::uuid and lower(name) = lower(x)
          limit 1
        ) as found`.execute(trx);
      return result.rows.map((row) => {
        const fields: Record<string, unknown> = {};
        for (const c of columns) fields[c.field] = row[c.column];
        return { id: row.id, externalId: row.external_id, name: row.name, fields: fields as Fields };
      });
    },

    async insert(trx, tenantId, records) {
      if (records.length === 0) return 0;
      const result = await sql`
        insert into ${target} (tenant_id, ${list((c) => sql.ref(c))})
        select ${tenantId}::uuid, ${list((c) => sql.ref(`r.${c}`))}
        from jsonb_to_recordset(${toJson(records)}::text::jsonb) as ${recordColumns}`.execute(trx);
      return Number(result.numAffectedRows ?? 0);
    },

    async update(trx, tenantId, records) {
      if (records.length === 0) return [];
      const result = await sql<{ id: string }>`
        update ${target} t set ${list((c) => sql`${sql.ref(c)} = ${sql.ref(`r.${c}`)}`)}, updated_at = now()
        from jsonb_to_recordset(${toJson(records)}::text::jsonb) as ${recordColumns}
        where t.tenant_id = ${tenantId}::uuid and t.id = r.id
          and (${list((c) => sql.ref(`t.${c}`))})
            is distinct from (${list((c) => {
              const type = storedAs.get(c);
              return type ? sql`${sql.ref(`r.${c}`)}::${sql.raw(type)}` : sql.ref(`r.${c}`);
            })})
        returning t.id`.execute(trx);
      return result.rows.map((row) => row.id);
    },
  };
}
