-- Reactivation attempts in full (seed 000's channel_reactivation_attempts, issue 4): the decision
-- and its explanation, the offer and its ceiling, the suggested offerings and slot, the message
-- and where its text came from, the approval, the outcome and its cost; and an audit trail of
-- every status change.

ALTER TABLE attempts
  -- which attempt of this lapse (1 of 3 on seed 000's card)
  ADD COLUMN attempt_number integer NOT NULL DEFAULT 1 CHECK (attempt_number >= 1),
  -- the customer's last visit when the attempt was made: identifies the lapse, keys the control draw
  ADD COLUMN lapse_started_at timestamptz,
  -- the customer's primary offering at decision time: the inbox filters by it ("manicure")
  ADD COLUMN offering_id uuid,
  ADD COLUMN tone text CHECK (tone IN ('gentle', 'offer', 'win_back')),
  ADD COLUMN strategy_params jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- why this customer, why now, why this strategy and offer (DESIGN non-negotiable 8)
  ADD COLUMN explanation jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN max_discount_pct numeric(5, 2) CHECK (max_discount_pct BETWEEN 0 AND 100),
  ADD COLUMN offer_pct numeric(5, 2) CHECK (offer_pct BETWEEN 0 AND 100),
  ADD COLUMN suggested_offerings jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN staff_id uuid,
  -- the slot the message proposes, and the alternatives found
  ADD COLUMN suggested_slot jsonb,
  ADD COLUMN slot_options jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN message_text text,
  -- 'model' or the template id; with the model's name, the fallback reason and the checks
  ADD COLUMN message_source text,
  ADD COLUMN message_locale text,
  ADD COLUMN message_meta jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- for WAIT: when trying becomes worth it; for SUGGESTED: when the suggestion lapses
  ADD COLUMN wait_until timestamptz,
  ADD COLUMN expires_at timestamptz,
  ADD COLUMN origin text NOT NULL DEFAULT 'api' CHECK (origin IN ('daily_run', 'plan', 'api')),
  ADD COLUMN assigned_to text,
  ADD COLUMN approved_by text,
  ADD COLUMN approved_at timestamptz,
  ADD COLUMN cancel_reason text,
  ADD COLUMN started_at timestamptz,
  ADD COLUMN outcome_notes text,
  ADD COLUMN next_order_at timestamptz,
  ADD COLUMN next_order_value numeric(14, 2) CHECK (next_order_value >= 0),
  ADD COLUMN discount_given_pct numeric(5, 2) CHECK (discount_given_pct BETWEEN 0 AND 100),
  ADD COLUMN cost numeric(12, 2) NOT NULL DEFAULT 0 CHECK (cost >= 0),
  ADD CONSTRAINT attempts_offer_within_ceiling CHECK (offer_pct IS NULL OR offer_pct <= max_discount_pct),
  ADD CONSTRAINT attempts_offering_fk FOREIGN KEY (tenant_id, offering_id)
    REFERENCES offerings (tenant_id, id) ON DELETE SET NULL (offering_id),
  ADD CONSTRAINT attempts_staff_fk FOREIGN KEY (tenant_id, staff_id)
    REFERENCES staff (tenant_id, id) ON DELETE SET NULL (staff_id);

-- the approval inbox: a tenant's suggestions, oldest first
CREATE INDEX attempts_status_created ON attempts (tenant_id, status, created_at);
-- expiry of suggestions and of WAIT decisions
CREATE INDEX attempts_expiry ON attempts (tenant_id, expires_at) WHERE status IN ('PLANNED', 'SUGGESTED');

-- Every status change of an attempt: who, when, from, to, and why.
CREATE TABLE attempt_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  attempt_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  actor text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  note text,
  -- fields changed alongside (an edited text, an outcome's figures)
  changes jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, attempt_id) REFERENCES attempts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX attempt_events_attempt ON attempt_events (tenant_id, attempt_id, at);

ALTER TABLE attempt_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON attempt_events TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
