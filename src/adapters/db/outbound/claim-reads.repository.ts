import { sql } from 'kysely';
import type { Trx } from '../kysely.ts';
import { toPgArray } from '../pg-array.ts';
import type {
  MessageRowKind,
  MessageRowStatus,
  MessageTemplate,
  SenderChannel,
  SenderRow,
} from '../schema.ts';

/**
 * The reads of one claim transaction (see src/app/outbound/claim.ts for the order and why). They
 * run across tenants, as the connecting role: a worker serves every tenant, and each row it reads
 * carries its tenant id, which every write repeats.
 */

/** A message the claim may take, with what the checks and the channel need about it. */
export interface CandidateRow {
  tenant_id: string;
  id: string;
  status: MessageRowStatus;
  customer_id: string | null;
  attempt_id: string | null;
  campaign_id: string | null;
  kind: MessageRowKind;
  channel: SenderChannel;
  sender_id: string | null;
  recipient: string;
  body: string | null;
  template: MessageTemplate | null;
  subject: string | null;
  labels: string[];
  metadata: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  idempotency_key: string;
  timezone: string;
  outreach: unknown;
  customer_name: string | null;
  customer_locale: string | null;
  last_inbound_at: Date | null;
  opted_out: boolean;
  blacklisted: boolean;
}

const usableSender = (now: Date) => sql`(
  (s.health = 'healthy' or (s.health = 'paused' and s.paused_until <= ${now}))
  and (s.next_capacity_at is null or s.next_capacity_at <= ${now}))`;

/**
 * The customer's own flags; for a message to a bare address, those of any customer of the tenant
 * with that phone or e-mail, so a customer who opted out is not reached by typing their number.
 */
const candidateColumns = sql`
  m.tenant_id, m.id, m.status, m.customer_id, m.attempt_id, m.campaign_id, m.kind, m.channel,
  m.sender_id, m.recipient, m.body, m.template, m.subject, m.labels, m.metadata, m.attempts,
  m.max_attempts, m.idempotency_key, t.timezone, t.settings -> 'outreach' as outreach,
  c.name as customer_name, c.locale as customer_locale, ic.last_inbound_at,
  coalesce(c.opted_out_at is not null or c.consent = 'denied', false) or (m.customer_id is null and exists (
    select 1 from customers x where x.tenant_id = m.tenant_id
      and (x.phone = m.recipient or lower(x.email) = lower(m.recipient))
      and (x.opted_out_at is not null or x.consent = 'denied'))) as opted_out,
  coalesce(c.blacklisted, false) or (m.customer_id is null and exists (
    select 1 from customers x where x.tenant_id = m.tenant_id
      and (x.phone = m.recipient or lower(x.email) = lower(m.recipient)) and x.blacklisted)) as blacklisted`;

const candidateJoins = sql`
  join tenants t on t.id = m.tenant_id
  left join customers c on c.tenant_id = m.tenant_id and c.id = m.customer_id
  left join inbound_contacts ic
    on ic.tenant_id = m.tenant_id and ic.channel = m.channel and ic.recipient = m.recipient`;

/** Messages whose lease ran out: their worker died or stalled during a hand-off. Oldest lapse first. */
export async function lockLapsedLeases(trx: Trx, now: Date, limit: number): Promise<CandidateRow[]> {
  const result = await sql<CandidateRow>`
    select ${candidateColumns}
    from messages m ${candidateJoins}
    where m.lease_owner is not null and m.lease_expires_at <= ${now}
    order by m.lease_expires_at
    limit ${limit}
    for update of m skip locked`.execute(trx);
  return result.rows;
}

/**
 * Due messages, most urgent first, then longest due, that a usable sender could take: one with
 * its own sender usable, or none yet and a usable sender of the tenant and channel. Messages of a
 * paused sender, or of one whose caps are used up, are passed over here rather than taken and put
 * back, so they cannot hold up the queue behind them. Rows another claim holds are skipped.
 */
export async function lockDueMessages(trx: Trx, now: Date, limit: number): Promise<CandidateRow[]> {
  if (limit <= 0) return [];
  const result = await sql<CandidateRow>`
    select ${candidateColumns}
    from messages m ${candidateJoins}
    where m.status = 'queued' and m.scheduled_for <= ${now}
      and case when m.sender_id is null
        then exists (select 1 from senders s
          where s.tenant_id = m.tenant_id and s.channel = m.channel and ${usableSender(now)})
        else exists (select 1 from senders s
          where s.tenant_id = m.tenant_id and s.id = m.sender_id and ${usableSender(now)})
      end
    order by m.priority desc, m.scheduled_for, m.created_at, m.id
    limit ${limit}
    for update of m skip locked`.execute(trx);
  return result.rows;
}

/**
 * Locks every sender of the given tenants and channels, in (tenant, id) order: all claims lock in
 * that one order, so two claims never wait on each other in a cycle. Held until commit, the lock
 * makes each sender's count-then-claim one step across every process. NO KEY UPDATE, because the
 * claim changes no key: an enqueue naming the sender (whose foreign key check takes KEY SHARE)
 * need not wait for it.
 */
export async function lockSenders(
  trx: Trx,
  pairs: readonly { tenantId: string; channel: string }[],
): Promise<SenderRow[]> {
  if (pairs.length === 0) return [];
  const result = await sql<SenderRow>`
    select s.* from senders s
    where (s.tenant_id, s.channel) in (
      select * from unnest(${toPgArray(pairs.map((p) => p.tenantId))}::text::uuid[],
                           ${toPgArray(pairs.map((p) => p.channel))}::text::text[]))
    order by s.tenant_id, s.id
    for no key update`.execute(trx);
  return result.rows;
}

export interface UsageRow {
  sender_id: string;
  per_second: number;
  per_hour: number;
  per_day: number;
}

/**
 * Hand-offs in the second, hour and day ending now, per sender. No upper bound on `at`: a claim
 * that took the lock before this one may have stamped its hand-offs a moment "later" (its clock
 * read after ours), and those count too — which is what makes the caps exact under the lock.
 */
export async function countUsage(
  trx: Trx,
  senders: readonly { tenantId: string; id: string }[],
  now: Date,
): Promise<UsageRow[]> {
  if (senders.length === 0) return [];
  const result = await sql<UsageRow>`
    select sender_id,
      count(*) filter (where at > ${now}::timestamptz - interval '1 second')::int as per_second,
      count(*) filter (where at > ${now}::timestamptz - interval '1 hour')::int as per_hour,
      count(*)::int as per_day
    from sender_handoffs
    where (tenant_id, sender_id) in (
      select * from unnest(${toPgArray(senders.map((s) => s.tenantId))}::text::uuid[],
                           ${toPgArray(senders.map((s) => s.id))}::text::uuid[]))
      and at > ${now}::timestamptz - interval '1 day'
    group by sender_id`.execute(trx);
  return result.rows;
}

/** The instant the hand-off at position `offset` (oldest first) within the window ending now was made. */
export async function handoffAt(
  trx: Trx,
  sender: { tenantId: string; id: string },
  now: Date,
  windowMs: number,
  offset: number,
): Promise<Date | undefined> {
  const result = await sql<{ at: Date }>`
    select at from sender_handoffs
    where tenant_id = ${sender.tenantId}::uuid and sender_id = ${sender.id}::uuid
      and at > ${now}::timestamptz - make_interval(secs => ${windowMs / 1000})
    order by at offset ${offset} limit 1`.execute(trx);
  return result.rows[0]?.at;
}

/** The last hand-off from each sender to each of the recipients, within `sinceMs` before now. */
export async function lastHandoffsTo(
  trx: Trx,
  senders: readonly { tenantId: string; id: string }[],
  recipients: readonly string[],
  now: Date,
  sinceMs: number,
): Promise<{ sender_id: string; recipient: string; at: Date }[]> {
  if (senders.length === 0 || recipients.length === 0) return [];
  const result = await sql<{ sender_id: string; recipient: string; at: Date }>`
    select sender_id, recipient, max(at) as at from sender_handoffs
    where (tenant_id, sender_id) in (
      select * from unnest(${toPgArray(senders.map((s) => s.tenantId))}::text::uuid[],
                           ${toPgArray(senders.map((s) => s.id))}::text::uuid[]))
      and recipient = any(${toPgArray([...new Set(recipients)])}::text::text[])
      and at > ${now}::timestamptz - make_interval(secs => ${sinceMs / 1000})
    group by sender_id, recipient`.execute(trx);
  return result.rows;
}

/**
 * Serialises claims that could message the same customers: an advisory lock per customer, taken
 * in ascending key order (the sorted subquery is fenced by its LIMIT, so the locks are taken in
 * that order). Two claims holding different messages of one customer then cannot both see "not
 * messaged today" before either has committed.
 */
export async function lockCustomers(trx: Trx, keys: readonly bigint[]): Promise<void> {
  if (keys.length === 0) return;
  const sorted = [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  await sql`
    select pg_advisory_xact_lock(k) from (
      select k from unnest(${toPgArray(sorted.map(String))}::text::bigint[]) as k order by k limit ${sorted.length}
    ) as ordered`.execute(trx);
}

/**
 * The messages of these customers and kinds handed off (in flight or sent) since their tenant's
 * day began. The candidates themselves are included: a lapsed hand-off counts against every
 * other message of its kind, and the plan leaves it out for itself.
 */
export async function reachedSince(
  trx: Trx,
  asks: readonly { tenantId: string; customerId: string; kind: string; since: Date }[],
): Promise<{ tenant_id: string; customer_id: string; kind: string; id: string }[]> {
  if (asks.length === 0) return [];
  const result = await sql<{ tenant_id: string; customer_id: string; kind: string; id: string }>`
    select m.tenant_id, m.customer_id, m.kind, m.id
    from unnest(${toPgArray(asks.map((a) => a.tenantId))}::text::uuid[],
                ${toPgArray(asks.map((a) => a.customerId))}::text::uuid[],
                ${toPgArray(asks.map((a) => a.kind))}::text::text[],
                ${toPgArray(asks.map((a) => a.since.toISOString()))}::text::timestamptz[])
      as q(tenant_id, customer_id, kind, since)
    join messages m on m.tenant_id = q.tenant_id and m.customer_id = q.customer_id
      and m.kind = q.kind and m.dispatched_at >= q.since
    where m.status in ('sending', 'sent', 'delivered', 'read')`.execute(trx);
  return result.rows;
}

/** Hand-offs by this sender since `since`, and how many of those messages the provider refused. */
export async function warmupEvidence(
  trx: Trx,
  sender: { tenantId: string; id: string },
  since: Date,
): Promise<{ handOffs: number; failures: number }> {
  const result = await sql<{ hand_offs: number; failures: number }>`
    select count(*)::int as hand_offs,
      count(*) filter (where status = 'failed' and last_error_code is not null
        and last_error_code <> 'lease_expired')::int as failures
    from messages
    where tenant_id = ${sender.tenantId}::uuid and sender_id = ${sender.id}::uuid
      and dispatched_at >= ${since}`.execute(trx);
  const row = result.rows[0];
  return { handOffs: row?.hand_offs ?? 0, failures: row?.failures ?? 0 };
}
