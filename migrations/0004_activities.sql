-- What customers did (activities) and will do (bookings).

CREATE TABLE activities (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  -- the source system's id; CSV rows without one get a content-derived key ("csv:…")
  external_id text CHECK (length(external_id) BETWEEN 1 AND 200),
  kind text NOT NULL DEFAULT 'visit' CHECK (kind IN ('visit', 'order', 'purchase', 'lesson', 'module_completion')),
  occurred_at timestamptz NOT NULL,
  offering_id uuid,
  staff_id uuid,
  amount numeric(14, 2) NOT NULL DEFAULT 0,
  quantity integer NOT NULL DEFAULT 1 CHECK (quantity >= 0),
  status text NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'cancelled', 'no_show')),
  source text NOT NULL DEFAULT 'api',
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, external_id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, offering_id) REFERENCES offerings (tenant_id, id) ON DELETE SET NULL (offering_id),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE SET NULL (staff_id)
);
CREATE INDEX activities_customer_time ON activities (tenant_id, customer_id, occurred_at DESC);
-- seed 003's appointments_cache access path: completed visits per service over time
CREATE INDEX activities_offering_time ON activities (tenant_id, offering_id, occurred_at) WHERE status = 'completed';
CREATE INDEX activities_staff ON activities (tenant_id, staff_id) WHERE staff_id IS NOT NULL;

CREATE TABLE bookings (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL,
  external_id text CHECK (length(external_id) BETWEEN 1 AND 200),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  offering_id uuid,
  staff_id uuid,
  amount numeric(14, 2),
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'confirmed', 'cancelled', 'completed', 'no_show')),
  source text NOT NULL DEFAULT 'api',
  created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, external_id),
  CHECK (ends_at IS NULL OR ends_at > starts_at),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, offering_id) REFERENCES offerings (tenant_id, id) ON DELETE SET NULL (offering_id),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE SET NULL (staff_id)
);
-- seed 003: skip customers with an upcoming booking
CREATE INDEX bookings_customer_time ON bookings (tenant_id, customer_id, starts_at);
CREATE INDEX bookings_time ON bookings (tenant_id, starts_at) WHERE status IN ('booked', 'confirmed');
CREATE INDEX bookings_staff_time ON bookings (tenant_id, staff_id, starts_at) WHERE staff_id IS NOT NULL;

ALTER TABLE activities ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON activities TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
ALTER TABLE bookings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON bookings TO rekindle_app
  USING (tenant_id = rekindle_current_tenant()) WITH CHECK (tenant_id = rekindle_current_tenant());
