-- Customers: the people or accounts a tenant serves.

CREATE TABLE customers (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  name text,
  phone text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  email text,
  locale text,
  tags text[] NOT NULL DEFAULT '{}',
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  vip boolean NOT NULL DEFAULT false,
  consent text NOT NULL DEFAULT 'unknown' CHECK (consent IN ('unknown', 'granted', 'denied')),
  opted_out_at timestamptz,
  opt_out_reason text,
  blacklisted boolean NOT NULL DEFAULT false,
  first_activity_at timestamptz,
  last_activity_at timestamptz,
  activity_count integer NOT NULL DEFAULT 0,
  total_spent numeric(14, 2) NOT NULL DEFAULT 0,
  lifecycle_state text NOT NULL DEFAULT 'NEW'
    CHECK (lifecycle_state IN ('NEW', 'ACTIVE', 'AT_RISK', 'STALLED', 'CHURNED')),
  lifecycle_changed_at timestamptz,
  ever_active boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, external_id)
);

-- seed 003: "finding inactive clients (most important!)"
CREATE INDEX customers_last_activity ON customers (tenant_id, last_activity_at);
CREATE INDEX customers_phone ON customers (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX customers_email ON customers (tenant_id, lower(email)) WHERE email IS NOT NULL;
CREATE INDEX customers_state ON customers (tenant_id, lifecycle_state);
CREATE INDEX customers_tags ON customers USING gin (tags);

ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON customers TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
