-- Webhook / event inbox: every inbound event is stored once, verified, before it is processed.

CREATE TABLE inbox_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  provider text NOT NULL,
  -- deterministic per provider event (Hotmart envelope id, WhatsApp message id + status…)
  event_key text NOT NULL,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processing', 'processed', 'failed', 'ignored')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, event_key)
);
CREATE INDEX inbox_events_pending ON inbox_events (received_at) WHERE status = 'pending';

ALTER TABLE inbox_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inbox_events TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
