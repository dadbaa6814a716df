-- Detection: how often customers come back (rules and tenant medians), where each customer stands
-- (lifecycle transitions), the customer-base model's fits, and reactivation attempts (the scan's
-- exclusions read them; the decide step of issue 4 extends the table).

-- A tenant's own interval for an offering: the first level of the interval waterfall.
CREATE TABLE interval_rules (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  offering_id uuid NOT NULL,
  interval_days numeric(8, 2) NOT NULL CHECK (interval_days > 0),
  note text CHECK (length(note) <= 500),
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, offering_id),
  FOREIGN KEY (tenant_id, offering_id) REFERENCES offerings (tenant_id, id) ON DELETE CASCADE
);

-- Seed 003's service_reactivation_intervals: the median gap between consecutive completed visits
-- of the same customer for the same offering (same-day visits once). offering_id NULL is the
-- tenant's median over all visits, whatever the offering, for activities without one (CDNOW).
-- Every offering with a gap is stored with its sample count; the waterfall trusts a median from
-- `tenantMedian.minSamples` samples (10 by default) and explains why it did not below that.
CREATE TABLE interval_medians (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  offering_id uuid,
  -- NULL only for the all-offerings row of a tenant without a single repeat visit
  median_days double precision CHECK (median_days > 0),
  samples integer NOT NULL CHECK (samples >= 0),
  -- the activities up to this instant were counted
  as_of timestamptz NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE NULLS NOT DISTINCT (tenant_id, offering_id),
  FOREIGN KEY (tenant_id, offering_id) REFERENCES offerings (tenant_id, id) ON DELETE CASCADE
);

-- Every lifecycle state change, so "since when is this customer AT_RISK" has an answer.
CREATE TABLE lifecycle_transitions (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  from_state text CHECK (from_state IN ('NEW', 'ACTIVE', 'AT_RISK', 'STALLED', 'CHURNED')),
  to_state text NOT NULL CHECK (to_state IN ('NEW', 'ACTIVE', 'AT_RISK', 'STALLED', 'CHURNED')),
  -- when the change happened (a visit, or the moment a threshold was crossed), not when it was seen
  at timestamptz NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX lifecycle_transitions_customer ON lifecycle_transitions (tenant_id, customer_id, at);

-- Customer-base model fits (BG/NBD for purchases, Gamma-Gamma for spend), newest used by the scan.
CREATE TABLE model_fits (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('bgnbd', 'gamma_gamma')),
  -- bgnbd: {r, alpha, a, b} per week; gamma_gamma: {p, q, gamma} in the tenant's currency
  params jsonb NOT NULL,
  log_likelihood double precision NOT NULL,
  customers integer NOT NULL CHECK (customers >= 0),
  converged boolean NOT NULL,
  time_unit text NOT NULL DEFAULT 'week' CHECK (time_unit IN ('week', 'day')),
  -- the calibration period ends here: activities after it were not seen
  as_of timestamptz NOT NULL,
  fitted_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  duration_ms double precision NOT NULL CHECK (duration_ms >= 0),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX model_fits_latest ON model_fits (tenant_id, kind, as_of DESC, fitted_at DESC);

-- One try to win a customer back (seed 000). Issue 4 adds strategy parameters, messages, offers
-- and the audit of changes; what is here is what the scan's exclusions need.
CREATE TABLE attempts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'PLANNED'
    CHECK (status IN ('PLANNED', 'SUGGESTED', 'APPROVED', 'IN_PROGRESS', 'WON', 'LOST', 'CANCELLED')),
  -- held out as control: recorded, never sent (the basis for measuring lift)
  control boolean NOT NULL DEFAULT false,
  trigger_state text CHECK (trigger_state IN ('NEW', 'ACTIVE', 'AT_RISK', 'STALLED', 'CHURNED')),
  trigger_reason text,
  days_inactive integer CHECK (days_inactive >= 0),
  value_at_risk numeric(14, 2),
  strategy text
    CHECK (strategy IN ('INCENTIVE_DISCOUNT', 'PRODUCT_MIX', 'PERSONAL_CONTACT', 'SPECIAL_CONDITION', 'WAIT')),
  channel text,
  contact_count integer NOT NULL DEFAULT 0 CHECK (contact_count >= 0),
  last_contacted_at timestamptz,
  outcome text CHECK (outcome IN ('REACTIVATED', 'PARTIAL', 'NO_RESPONSE', 'DECLINED', 'CHURNED')),
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- set exactly when the attempt reaches WON, LOST or CANCELLED: the scan replays history by
  -- asking which attempts were open at a past instant (created before it, closed after it)
  closed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
  CHECK ((status IN ('WON', 'LOST', 'CANCELLED')) = (closed_at IS NOT NULL)),
  CHECK (closed_at IS NULL OR closed_at >= created_at)
);
CREATE INDEX attempts_customer ON attempts (tenant_id, customer_id, created_at);
-- DESIGN non-negotiable 3: never two active attempts for one customer at once
CREATE UNIQUE INDEX attempts_one_active ON attempts (tenant_id, customer_id)
  WHERE status IN ('PLANNED', 'SUGGESTED', 'APPROVED', 'IN_PROGRESS');

ALTER TABLE interval_rules ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON interval_rules TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE interval_medians ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON interval_medians TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE lifecycle_transitions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON lifecycle_transitions TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE model_fits ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON model_fits TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON attempts TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
