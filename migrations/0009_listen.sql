-- Listening and attribution (issue 6): the tenant's integrations (Hotmart, Chatwoot, generic
-- orders) and their secrets; every classified reply and what it did; the dialog context a chat
-- assistant reads when there is no Redis; tracked links and their clicks; the first access to a
-- course and where it came from; the labels of chat conversations; and the conversions that
-- closed attempts as WON.

-- One provider per tenant: the secret that verifies its webhooks.
CREATE TABLE integrations (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  provider text NOT NULL CHECK (provider IN ('hotmart', 'chatwoot', 'orders')),
  -- Hotmart's hottok, Chatwoot's webhook secret, the shared key of the orders endpoint
  secret text NOT NULL CHECK (length(secret) BETWEEN 8 AND 500),
  -- non-secret options (e.g. Chatwoot's account id, whether Hotmart test payloads are accepted)
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_event_at timestamptz,
  PRIMARY KEY (tenant_id, provider)
);

-- A customer's answer, what it was understood to mean, and what Rekindle did about it.
CREATE TABLE replies (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- the inbox event it came in (provider + event key), so a redelivery never makes a second reply
  provider text NOT NULL,
  event_key text NOT NULL,
  channel text NOT NULL,
  -- E.164 phone, e-mail or the provider's contact reference
  sender text NOT NULL,
  customer_id uuid,
  attempt_id uuid,
  -- the outbound message it answers, when known (WhatsApp context, or the latest to that sender)
  message_id uuid,
  text text NOT NULL,
  label text NOT NULL CHECK (label IN ('positive', 'negative', 'neutral', 'opt_out', 'reschedule',
    'other_offering', 'other_staff', 'away_until')),
  confidence numeric(4, 3) NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  away_until date,
  -- 'rules' or 'model'
  classified_by text NOT NULL,
  -- what followed: suppressed, declined, in_progress, snoozed, preferences, noted
  action text NOT NULL,
  action_note text,
  received_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, event_key),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE SET NULL (customer_id),
  FOREIGN KEY (tenant_id, attempt_id) REFERENCES attempts (tenant_id, id) ON DELETE SET NULL (attempt_id)
);
CREATE INDEX replies_customer ON replies (tenant_id, customer_id, received_at);
CREATE INDEX replies_received ON replies (tenant_id, received_at);

-- The dialog context (seed 003's Redis key dialog:{tenant}:{phone}) when Redis is absent or down.
CREATE TABLE dialog_contexts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  phone text NOT NULL,
  context jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, phone)
);
CREATE INDEX dialog_contexts_expiry ON dialog_contexts (expires_at);

-- Short links put into messages: /r/{code} logs the click and redirects to the target.
CREATE TABLE tracked_links (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{6,32}$'),
  target_url text NOT NULL CHECK (length(target_url) BETWEEN 1 AND 2048),
  customer_id uuid,
  attempt_id uuid,
  message_id uuid,
  channel text,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  first_clicked_at timestamptz,
  clicks integer NOT NULL DEFAULT 0 CHECK (clicks >= 0),
  PRIMARY KEY (tenant_id, code),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE SET NULL (customer_id),
  FOREIGN KEY (tenant_id, attempt_id) REFERENCES attempts (tenant_id, id) ON DELETE SET NULL (attempt_id)
);
-- /r/{code} carries no tenant: codes are unique across tenants (random, 10+ characters)
CREATE UNIQUE INDEX tracked_links_code ON tracked_links (code);
CREATE INDEX tracked_links_message ON tracked_links (tenant_id, message_id);

CREATE TABLE link_clicks (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL,
  customer_id uuid,
  attempt_id uuid,
  at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  user_agent text,
  -- a bot fetching a preview (WhatsApp, Slack…) is logged but never counts as the customer's touch
  is_preview boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, code) REFERENCES tracked_links (tenant_id, code) ON DELETE CASCADE
);
CREATE INDEX link_clicks_customer ON link_clicks (tenant_id, customer_id, at);

-- Seed 002's origem_primeiro_acesso: did the first access to a course follow our link?
CREATE TABLE first_accesses (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL,
  offering_id uuid,
  -- offering_id is nullable; this keeps one row per customer and course regardless
  offering_key text NOT NULL,
  at timestamptz NOT NULL,
  -- 'link_whatsapp', 'link_email', 'link_chatwoot', 'link_webhook' or 'organic'
  origin text NOT NULL,
  link_code text,
  attempt_id uuid,
  PRIMARY KEY (tenant_id, customer_id, offering_key),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);

-- Labels of chat conversations as they change (Chatwoot), for the tag analytics.
CREATE TABLE conversation_labels (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  provider text NOT NULL,
  conversation_id text NOT NULL,
  customer_id uuid,
  contact text,
  labels text[] NOT NULL DEFAULT '{}',
  status text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, provider, conversation_id)
);

-- An order or booking credited to an attempt (last touch inside the attribution window).
CREATE TABLE conversions (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  attempt_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  control boolean NOT NULL,
  source_kind text NOT NULL CHECK (source_kind IN ('activity', 'booking')),
  source_id uuid NOT NULL,
  value numeric(14, 2) NOT NULL DEFAULT 0,
  occurred_at timestamptz NOT NULL,
  -- the touch it is credited to: 'message' (delivered), 'click', 'reply' or 'control' (the hold-out's start)
  touch text NOT NULL,
  touched_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (tenant_id, attempt_id),
  FOREIGN KEY (tenant_id, attempt_id) REFERENCES attempts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX conversions_customer ON conversions (tenant_id, customer_id);

-- When a processor took an inbox event: one that stays 'processing' long after (its process died)
-- is handed out again.
ALTER TABLE inbox_events ADD COLUMN claimed_at timestamptz;
CREATE INDEX inbox_events_processing ON inbox_events (claimed_at) WHERE status = 'processing';

-- A customer who asked for a later date is not contacted before it.
ALTER TABLE customers ADD COLUMN snoozed_until timestamptz;

-- An open attempt's attribution window: moved forward by each touch (delivery, click, reply,
-- snooze); when it passes with no conversion the attempt is LOST with NO_RESPONSE.
ALTER TABLE attempts ADD COLUMN attribution_until timestamptz;
CREATE INDEX attempts_attribution ON attempts (tenant_id, attribution_until) WHERE status = 'IN_PROGRESS';

-- The confirmation an opt-out gets where the channel expects one: the only message an opted-out
-- customer can still receive.
ALTER TABLE messages DROP CONSTRAINT messages_kind_check;
ALTER TABLE messages ADD CONSTRAINT messages_kind_check
  CHECK (kind IN ('reactivation', 'follow_up', 'campaign', 'onboarding', 'direct', 'opt_out_confirmation'));
CREATE INDEX messages_customer_queued ON messages (tenant_id, customer_id) WHERE status = 'queued';

ALTER TABLE integrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON integrations TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE replies ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON replies TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE dialog_contexts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON dialog_contexts TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE tracked_links ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tracked_links TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE link_clicks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON link_clicks TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE first_accesses ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON first_accesses TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE conversation_labels ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON conversation_labels TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE conversions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON conversions TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
