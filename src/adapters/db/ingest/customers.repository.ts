import { sql } from 'kysely';
import type { Trx } from '../kysely.ts';
import type { Consent } from '../schema.ts';
import type { UpsertCounts } from './activities.repository.ts';

/**
 * A customer as the batch states it. A key that is absent leaves the stored value alone; a key
 * set to null clears it. `attributes` are merged into the stored ones. `optedOut: true` records an
 * opt-out (keeping the first one's time); an import never lifts an opt-out — that is the
 * customer's decision, recorded elsewhere, and a stale export must not undo it.
 */
export interface CustomerDocument {
  externalId: string;
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  locale?: string | null;
  tags?: string[];
  attributes?: Record<string, unknown>;
  vip?: boolean;
  consent?: Consent;
  optedOut?: boolean;
  blacklisted?: boolean;
}

/**
 * Upserts customers by (tenant_id, external_id). The batch travels as one JSON array: customers
 * carry arrays (tags) and objects (attributes) that parallel `unnest` arrays cannot, and "absent"
 * must stay distinguishable from "null". Each row is merged with the stored one (left join), and
 * the upsert writes only rows whose merged content differs.
 */
export async function upsertCustomers(
  trx: Trx,
  tenantId: string,
  documents: readonly CustomerDocument[],
): Promise<UpsertCounts> {
  if (documents.length === 0) return { inserted: 0, updated: 0 };
  const result = await sql<{ inserted: number; updated: number }>`
    with input as (
      select d.doc from jsonb_array_elements(${JSON.stringify(documents)}::text::jsonb) as d(doc)
    ), merged as (
      select
        i.doc->>'externalId' as external_id,
        case when i.doc ? 'name' then i.doc->>'name' else e.name end as name,
        case when i.doc ? 'phone' then i.doc->>'phone' else e.phone end as phone,
        case when i.doc ? 'email' then i.doc->>'email' else e.email end as email,
        case when i.doc ? 'locale' then i.doc->>'locale' else e.locale end as locale,
        case when i.doc ? 'tags' then array(select jsonb_array_elements_text(i.doc->'tags'))
          else coalesce(e.tags, '{}') end as tags,
        coalesce(e.attributes, '{}'::jsonb) || coalesce(i.doc->'attributes', '{}'::jsonb) as attributes,
        coalesce((i.doc->>'vip')::boolean, e.vip, false) as vip,
        coalesce(i.doc->>'consent', e.consent, 'unknown') as consent,
        case when (i.doc->>'optedOut')::boolean and e.opted_out_at is null then now()
          else e.opted_out_at end as opted_out_at,
        case when (i.doc->>'optedOut')::boolean and e.opted_out_at is null then 'import'
          else e.opt_out_reason end as opt_out_reason,
        coalesce((i.doc->>'blacklisted')::boolean, e.blacklisted, false) as blacklisted
      from input i
      left join customers e on e.tenant_id = ${tenantId}::uuid and e.external_id = i.doc->>'externalId'
    ), upserted as (
      insert into customers as c (tenant_id, external_id, name, phone, email, locale, tags, attributes, vip,
        consent, opted_out_at, opt_out_reason, blacklisted)
      select ${tenantId}::uuid, m.external_id, m.name, m.phone, m.email, m.locale, m.tags, m.attributes, m.vip,
        m.consent, m.opted_out_at, m.opt_out_reason, m.blacklisted
      from merged m
      on conflict (tenant_id, external_id) do update set
        name = excluded.name, phone = excluded.phone, email = excluded.email, locale = excluded.locale,
        tags = excluded.tags, attributes = excluded.attributes, vip = excluded.vip, consent = excluded.consent,
        opted_out_at = excluded.opted_out_at, opt_out_reason = excluded.opt_out_reason,
        blacklisted = excluded.blacklisted, updated_at = now()
      where (c.name, c.phone, c.email, c.locale, c.tags, c.attributes, c.vip, c.consent, c.opted_out_at,
          c.opt_out_reason, c.blacklisted)
        is distinct from (excluded.name, excluded.phone, excluded.email, excluded.locale, excluded.tags,
          excluded.attributes, excluded.vip, excluded.consent, excluded.opted_out_at, excluded.opt_out_reason,
          excluded.blacklisted)
      returning (c.xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from upserted`.execute(trx);
  const row = result.rows[0];
  return { inserted: row?.inserted ?? 0, updated: row?.updated ?? 0 };
}
