-- Outbound (issue 5): the durable send queue, which is also the record of every message sent; the
-- senders (WhatsApp numbers, mailboxes, endpoints) with their caps, warm-up and health; the
-- ledger of hand-offs the caps are counted from; the audit of every message's status changes;
-- and when each recipient last wrote to the tenant (WhatsApp's 24-hour service window).

-- One WhatsApp number, mailbox, Chatwoot inbox, webhook endpoint or dry-run log.
CREATE TABLE senders (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  channel text NOT NULL CHECK (channel IN ('whatsapp', 'chatwoot', 'email', 'webhook', 'log')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- non-secret provider settings: phone number id, API base URL, from address, endpoint URL…
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- tokens and passwords, stored as given (the database's own encryption at rest protects them;
  -- application-level encryption is a later step); never returned in full by the API
  secrets jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- sliding-window caps on hand-offs; NULL: no cap on that window
  per_second_cap integer CHECK (per_second_cap > 0),
  hourly_cap integer CHECK (hourly_cap > 0),
  daily_cap integer CHECK (daily_cap > 0),
  -- least seconds between two hand-offs to one recipient (WhatsApp error 131056)
  recipient_gap_seconds integer NOT NULL DEFAULT 0 CHECK (recipient_gap_seconds >= 0),
  -- warm-up: level 1–4 impose the warm-up table's caps, 5 is warmed (src/domain/outreach/warmup.ts)
  warmup_level integer NOT NULL DEFAULT 5 CHECK (warmup_level BETWEEN 1 AND 5),
  warmup_started_at timestamptz,
  warmup_level_since timestamptz,
  warmup_checked_at timestamptz,
  health text NOT NULL DEFAULT 'healthy' CHECK (health IN ('healthy', 'paused', 'banned')),
  health_reason text,
  paused_at timestamptz,
  -- a pause the provider timed (a rate limit) lifts by itself at this instant; NULL: an operator resumes it
  paused_until timestamptz,
  quality text NOT NULL DEFAULT 'unknown' CHECK (quality IN ('high', 'medium', 'low', 'unknown')),
  -- no room under the caps before this instant: the claim does not look at its messages until then
  next_capacity_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name),
  CHECK ((health = 'healthy') = (paused_at IS NULL))
);
CREATE INDEX senders_channel ON senders (tenant_id, channel);

-- The queue and the record. A message is claimed by one worker at a time under a lease; the lease
-- owner and the attempt number fence its outcome (a worker whose lease was taken over cannot
-- overwrite the new owner's result).
CREATE TABLE messages (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- NULL for a send to a bare address that matches no customer
  customer_id uuid,
  attempt_id uuid,
  -- campaigns come with a later issue; the link is kept without a foreign key until then
  campaign_id uuid,
  kind text NOT NULL CHECK (kind IN ('reactivation', 'follow_up', 'campaign', 'onboarding', 'direct')),
  channel text NOT NULL CHECK (channel IN ('whatsapp', 'chatwoot', 'email', 'webhook', 'log')),
  -- NULL until a claim assigns one (or when its sender was paused and no other could take it)
  sender_id uuid,
  -- E.164 phone, e-mail address or contact reference, as the channel wants it
  recipient text NOT NULL CHECK (length(recipient) BETWEEN 1 AND 320),
  body text,
  -- {name, language, bodyParams}: the approved template to use outside WhatsApp's 24-hour window
  template jsonb,
  subject text,
  labels text[] NOT NULL DEFAULT '{}',
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- 1–10, 10 the most urgent (seed 001)
  priority smallint NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
  scheduled_for timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'cancelled', 'skipped')),
  -- hand-offs so far (each claim is one) and how many are allowed
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts integer NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  last_error text,
  last_error_code text,
  provider_message_id text,
  sent_as text CHECK (sent_as IN ('text', 'template')),
  -- one logical send: the same key never becomes a second message, and providers that accept a
  -- key (webhook Idempotency-Key, e-mail Message-ID, WhatsApp biz_opaque_callback_data) get it
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  lease_owner text,
  lease_expires_at timestamptz,
  -- the latest hand-off: "already messaged today" counts from it
  dispatched_at timestamptz,
  -- set while a `sending` message is in doubt (its lease expired on a channel that cannot be asked twice)
  reconcile_reason text,
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  failed_at timestamptz,
  skip_reason text,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, attempt_id) REFERENCES attempts (tenant_id, id) ON DELETE SET NULL (attempt_id),
  FOREIGN KEY (tenant_id, sender_id) REFERENCES senders (tenant_id, id) ON DELETE SET NULL (sender_id),
  CHECK (body IS NOT NULL OR template IS NOT NULL),
  CHECK (status = 'sending' OR (lease_owner IS NULL AND lease_expires_at IS NULL)),
  CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL)),
  CHECK (reconcile_reason IS NULL OR (status = 'sending' AND lease_owner IS NULL))
);

-- The claim's two scans, across tenants: due messages in priority-then-age order, and lapsed leases.
CREATE INDEX messages_due ON messages (priority DESC, scheduled_for, created_at, id) WHERE status = 'queued';
CREATE INDEX messages_leases ON messages (lease_expires_at) WHERE lease_owner IS NOT NULL;
-- "Already messaged today": the customer's messages by kind and hand-off time.
CREATE INDEX messages_customer_kind ON messages (tenant_id, customer_id, kind, dispatched_at)
  WHERE customer_id IS NOT NULL AND dispatched_at IS NOT NULL;
-- A paused sender's queue, moved to another sender.
CREATE INDEX messages_sender_queue ON messages (tenant_id, sender_id) WHERE status = 'queued';
-- Status webhooks find their message by the provider's id.
CREATE INDEX messages_provider_id ON messages (tenant_id, provider_message_id) WHERE provider_message_id IS NOT NULL;
-- Lists, newest or oldest first, by status; the attempt's and the campaign's messages.
CREATE INDEX messages_created ON messages (tenant_id, created_at, id);
CREATE INDEX messages_status ON messages (tenant_id, status, created_at);
CREATE INDEX messages_attempt ON messages (tenant_id, attempt_id) WHERE attempt_id IS NOT NULL;
CREATE INDEX messages_campaign ON messages (tenant_id, campaign_id) WHERE campaign_id IS NOT NULL;
-- Warm-up evidence: a sender's hand-offs since it reached its level.
CREATE INDEX messages_sender_dispatched ON messages (tenant_id, sender_id, dispatched_at) WHERE sender_id IS NOT NULL;
-- Failures by code over the last day, for metrics.
CREATE INDEX messages_failed ON messages (failed_at) WHERE status = 'failed';

-- One row per hand-off to a provider: the caps count these over sliding windows, and the
-- per-recipient pace reads the last one to each recipient. Rows older than a day are pruned by
-- the claims themselves.
CREATE TABLE sender_handoffs (
  tenant_id uuid NOT NULL,
  sender_id uuid NOT NULL,
  at timestamptz NOT NULL,
  message_id uuid NOT NULL,
  recipient text NOT NULL,
  PRIMARY KEY (tenant_id, sender_id, at, message_id),
  FOREIGN KEY (tenant_id, sender_id) REFERENCES senders (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sender_handoffs_recipient ON sender_handoffs (tenant_id, sender_id, recipient, at);
-- The send rate in the metrics: hand-offs in the last minute, across senders.
CREATE INDEX sender_handoffs_at ON sender_handoffs (at);

-- Every status change of a message and every provider answer: who, when, from, to, why.
CREATE TABLE message_events (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  message_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  attempt integer,
  code text,
  note text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX message_events_message ON message_events (tenant_id, message_id, at);

-- When a recipient last wrote to the tenant on a channel: WhatsApp allows free text for 24 hours
-- after that, and only approved templates otherwise. Written by the inbound webhooks.
CREATE TABLE inbound_contacts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  channel text NOT NULL,
  recipient text NOT NULL,
  last_inbound_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, channel, recipient)
);

ALTER TABLE senders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON senders TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON messages TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE sender_handoffs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sender_handoffs TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE message_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON message_events TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE inbound_contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inbound_contacts TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
