-- What a tenant sells and who delivers it.

CREATE TABLE offerings (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text CHECK (length(external_id) BETWEEN 1 AND 200),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL DEFAULT 'service' CHECK (kind IN ('service', 'product', 'course', 'module')),
  category text,
  price numeric(12, 2) CHECK (price >= 0),
  -- share of the price that is margin, 0..1; caps any discount offered later
  margin numeric(5, 4) CHECK (margin BETWEEN 0 AND 1),
  duration_minutes integer CHECK (duration_minutes > 0),
  parent_id uuid,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, external_id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES offerings (tenant_id, id) ON DELETE SET NULL (parent_id)
);
-- names identify offerings in CSV files and webhooks, so they are unique per tenant
CREATE UNIQUE INDEX offerings_name ON offerings (tenant_id, lower(name));

CREATE TABLE staff (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  external_id text CHECK (length(external_id) BETWEEN 1 AND 200),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email text,
  phone text,
  -- weekly schedule for slot finding: {"mon": [["09:00","18:00"]], ...}
  working_hours jsonb NOT NULL DEFAULT '{}'::jsonb,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, external_id)
);
CREATE UNIQUE INDEX staff_name ON staff (tenant_id, lower(name));

ALTER TABLE offerings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON offerings TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE staff ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON staff TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
