import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row types of the tables, snake_case as in SQL. Domain types live in src/domain and src/contracts. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = Record<string, unknown>> = ColumnType<T, string | T, string | T>;
type Money = ColumnType<number, number | string, number | string>;
/** Columns with a database default: optional on insert, and not nested in Generated<> (Kysely cannot unwrap that). */
type JsonDefault<T = Record<string, unknown>> = ColumnType<T, string | T | undefined, string | T>;
type MoneyDefault = ColumnType<number, number | string | undefined, number | string>;

export interface TenantTable {
  id: Generated<string>;
  name: string;
  slug: string | null;
  timezone: Generated<string>;
  locale: Generated<string>;
  currency: Generated<string>;
  settings: JsonDefault;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ApiKeyTable {
  tenant_id: string;
  id: Generated<string>;
  name: Generated<string>;
  key_hash: string;
  key_prefix: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export type Consent = 'unknown' | 'granted' | 'denied';
export type LifecycleState = 'NEW' | 'ACTIVE' | 'AT_RISK' | 'STALLED' | 'CHURNED';

export interface CustomerTable {
  tenant_id: string;
  id: Generated<string>;
  external_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  locale: string | null;
  tags: Generated<string[]>;
  attributes: JsonDefault;
  vip: Generated<boolean>;
  consent: Generated<Consent>;
  opted_out_at: Timestamp | null;
  opt_out_reason: string | null;
  blacklisted: Generated<boolean>;
  first_activity_at: Timestamp | null;
  last_activity_at: Timestamp | null;
  activity_count: Generated<number>;
  total_spent: MoneyDefault;
  lifecycle_state: Generated<LifecycleState>;
  lifecycle_changed_at: Timestamp | null;
  snoozed_until: Timestamp | null;
  ever_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type OfferingKind = 'service' | 'product' | 'course' | 'module';

export interface OfferingTable {
  tenant_id: string;
  id: Generated<string>;
  external_id: string | null;
  name: string;
  kind: Generated<OfferingKind>;
  category: string | null;
  price: Money | null;
  margin: Money | null;
  duration_minutes: number | null;
  /** Where the customer books, buys or enters it (http/https). */
  url: string | null;
  parent_id: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type WorkingHours = Partial<
  Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>
>;

export interface StaffTable {
  tenant_id: string;
  id: Generated<string>;
  external_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  working_hours: JsonDefault<WorkingHours>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type ActivityKind = 'visit' | 'order' | 'purchase' | 'lesson' | 'module_completion';
export type ActivityStatus = 'completed' | 'cancelled' | 'no_show';

export interface ActivityTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  external_id: string | null;
  kind: Generated<ActivityKind>;
  occurred_at: Timestamp;
  offering_id: string | null;
  staff_id: string | null;
  amount: MoneyDefault;
  quantity: Generated<number>;
  status: Generated<ActivityStatus>;
  source: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type BookingStatus = 'booked' | 'confirmed' | 'cancelled' | 'completed' | 'no_show';

export interface BookingTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  external_id: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp | null;
  offering_id: string | null;
  staff_id: string | null;
  amount: Money | null;
  status: Generated<BookingStatus>;
  source: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type InboxStatus = 'pending' | 'processing' | 'processed' | 'failed' | 'ignored';

export interface InboxEventTable {
  tenant_id: string;
  id: Generated<string>;
  provider: string;
  event_key: string;
  event_type: string;
  payload: Json<unknown>;
  headers: JsonDefault;
  status: Generated<InboxStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  received_at: CreatedAt;
  processed_at: Timestamp | null;
  claimed_at: Timestamp | null;
}

export interface MigrationTable {
  version: number;
  name: string;
  applied_at: CreatedAt;
}

export interface Database extends DetectionTables, OutboundTables, ListenTables {
  tenants: TenantTable;
  api_keys: ApiKeyTable;
  customers: CustomerTable;
  offerings: OfferingTable;
  staff: StaffTable;
  activities: ActivityTable;
  bookings: BookingTable;
  inbox_events: InboxEventTable;
  rekindle_migrations: MigrationTable;
}

export type TenantRow = Selectable<TenantTable>;
export type CustomerRow = Selectable<CustomerTable>;
export type NewCustomerRow = Insertable<CustomerTable>;
export type CustomerRowUpdate = Updateable<CustomerTable>;
export type OfferingRow = Selectable<OfferingTable>;
export type StaffRow = Selectable<StaffTable>;
export type ActivityRow = Selectable<ActivityTable>;
export type BookingRow = Selectable<BookingTable>;
export type InboxEventRow = Selectable<InboxEventTable>;

// Detection (migration 0006).

export interface IntervalRuleTable {
  tenant_id: string;
  id: Generated<string>;
  offering_id: string;
  interval_days: Money;
  note: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface IntervalMedianTable {
  tenant_id: string;
  id: Generated<string>;
  offering_id: string | null;
  median_days: number | null;
  samples: number;
  as_of: Timestamp;
  computed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface LifecycleTransitionTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  from_state: LifecycleState | null;
  to_state: LifecycleState;
  at: Timestamp;
  reason: string;
  created_at: CreatedAt;
}

export type ModelKind = 'bgnbd' | 'gamma_gamma';

export interface ModelFitTable {
  tenant_id: string;
  id: Generated<string>;
  kind: ModelKind;
  params: Json<Record<string, number>>;
  log_likelihood: number;
  customers: number;
  converged: boolean;
  time_unit: Generated<'week' | 'day'>;
  as_of: Timestamp;
  fitted_at: CreatedAt;
  duration_ms: number;
}

export type AttemptStatus =
  | 'PLANNED'
  | 'SUGGESTED'
  | 'APPROVED'
  | 'IN_PROGRESS'
  | 'WON'
  | 'LOST'
  | 'CANCELLED';
export type AttemptStrategy =
  | 'INCENTIVE_DISCOUNT'
  | 'PRODUCT_MIX'
  | 'PERSONAL_CONTACT'
  | 'SPECIAL_CONDITION'
  | 'WAIT';
export type AttemptOutcome = 'REACTIVATED' | 'PARTIAL' | 'NO_RESPONSE' | 'DECLINED' | 'CHURNED';

export interface AttemptTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string;
  status: Generated<AttemptStatus>;
  control: Generated<boolean>;
  trigger_state: LifecycleState | null;
  trigger_reason: string | null;
  days_inactive: number | null;
  value_at_risk: Money | null;
  strategy: AttemptStrategy | null;
  channel: string | null;
  contact_count: Generated<number>;
  last_contacted_at: Timestamp | null;
  outcome: AttemptOutcome | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  closed_at: Timestamp | null;
  attempt_number: Generated<number>;
  lapse_started_at: Timestamp | null;
  offering_id: string | null;
  tone: 'gentle' | 'offer' | 'win_back' | null;
  strategy_params: JsonDefault;
  explanation: JsonDefault<string[]>;
  max_discount_pct: Money | null;
  offer_pct: Money | null;
  suggested_offerings: JsonDefault<{ id: string; name: string }[]>;
  staff_id: string | null;
  suggested_slot: Json<AttemptSlot> | null;
  slot_options: JsonDefault<AttemptSlot[]>;
  message_text: string | null;
  message_source: string | null;
  message_locale: string | null;
  message_meta: JsonDefault;
  wait_until: Timestamp | null;
  expires_at: Timestamp | null;
  origin: Generated<'daily_run' | 'plan' | 'api'>;
  assigned_to: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  cancel_reason: string | null;
  started_at: Timestamp | null;
  outcome_notes: string | null;
  next_order_at: Timestamp | null;
  next_order_value: Money | null;
  discount_given_pct: Money | null;
  cost: MoneyDefault;
  attribution_until: Timestamp | null;
}

/** A slot as stored on an attempt: ISO instants, so JSON round-trips unchanged. */
export interface AttemptSlot {
  start: string;
  end: string;
  staffId: string | null;
  staffName: string | null;
}

export interface AttemptEventTable {
  tenant_id: string;
  id: Generated<string>;
  attempt_id: string;
  at: CreatedAt;
  actor: string;
  from_status: AttemptStatus | null;
  to_status: AttemptStatus;
  note: string | null;
  changes: JsonDefault;
}

export interface DetectionTables {
  interval_rules: IntervalRuleTable;
  interval_medians: IntervalMedianTable;
  lifecycle_transitions: LifecycleTransitionTable;
  model_fits: ModelFitTable;
  attempts: AttemptTable;
  attempt_events: AttemptEventTable;
}

export type IntervalRuleRow = Selectable<IntervalRuleTable>;
export type IntervalMedianRow = Selectable<IntervalMedianTable>;
export type LifecycleTransitionRow = Selectable<LifecycleTransitionTable>;
export type ModelFitRow = Selectable<ModelFitTable>;
export type AttemptRow = Selectable<AttemptTable>;
export type NewAttemptRow = Insertable<AttemptTable>;
export type AttemptEventRow = Selectable<AttemptEventTable>;

// Outbound (migration 0008).

export type SenderChannel = 'whatsapp' | 'chatwoot' | 'email' | 'webhook' | 'log';
export type SenderHealth = 'healthy' | 'paused' | 'banned';
export type SenderQualityRating = 'high' | 'medium' | 'low' | 'unknown';

export interface SenderTable {
  tenant_id: string;
  id: Generated<string>;
  channel: SenderChannel;
  name: string;
  settings: JsonDefault;
  secrets: JsonDefault<Record<string, string>>;
  per_second_cap: number | null;
  hourly_cap: number | null;
  daily_cap: number | null;
  recipient_gap_seconds: Generated<number>;
  warmup_level: Generated<number>;
  warmup_started_at: Timestamp | null;
  warmup_level_since: Timestamp | null;
  warmup_checked_at: Timestamp | null;
  health: Generated<SenderHealth>;
  health_reason: string | null;
  paused_at: Timestamp | null;
  paused_until: Timestamp | null;
  quality: Generated<SenderQualityRating>;
  next_capacity_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type MessageRowStatus =
  | 'queued'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'failed'
  | 'cancelled'
  | 'skipped';
export type MessageRowKind =
  | 'reactivation'
  | 'follow_up'
  | 'campaign'
  | 'onboarding'
  | 'direct'
  | 'opt_out_confirmation';

/** A template as stored on a message. */
export interface MessageTemplate {
  name: string;
  language: string;
  bodyParams: string[];
}

export interface MessageTable {
  tenant_id: string;
  id: Generated<string>;
  customer_id: string | null;
  attempt_id: string | null;
  campaign_id: string | null;
  kind: MessageRowKind;
  channel: SenderChannel;
  sender_id: string | null;
  recipient: string;
  body: string | null;
  template: Json<MessageTemplate> | null;
  subject: string | null;
  labels: Generated<string[]>;
  metadata: JsonDefault;
  priority: Generated<number>;
  scheduled_for: ColumnType<Date, Date | string | undefined, Date | string>;
  status: Generated<MessageRowStatus>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  last_error: string | null;
  last_error_code: string | null;
  provider_message_id: string | null;
  sent_as: 'text' | 'template' | null;
  idempotency_key: string;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  dispatched_at: Timestamp | null;
  reconcile_reason: string | null;
  sent_at: Timestamp | null;
  delivered_at: Timestamp | null;
  read_at: Timestamp | null;
  failed_at: Timestamp | null;
  skip_reason: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SenderHandoffTable {
  tenant_id: string;
  sender_id: string;
  at: Timestamp;
  message_id: string;
  recipient: string;
}

export interface MessageEventTable {
  tenant_id: string;
  id: Generated<string>;
  message_id: string;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor: string;
  from_status: MessageRowStatus | null;
  to_status: MessageRowStatus;
  attempt: number | null;
  code: string | null;
  note: string | null;
  details: JsonDefault;
}

export interface InboundContactTable {
  tenant_id: string;
  channel: string;
  recipient: string;
  last_inbound_at: Timestamp;
}

export interface OutboundTables {
  senders: SenderTable;
  messages: MessageTable;
  sender_handoffs: SenderHandoffTable;
  message_events: MessageEventTable;
  inbound_contacts: InboundContactTable;
}

export type SenderRow = Selectable<SenderTable>;
export type NewSenderRow = Insertable<SenderTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessageRow = Insertable<MessageTable>;
export type MessageEventRow = Selectable<MessageEventTable>;

// Listening and attribution (migration 0009).

export type IntegrationProvider = 'hotmart' | 'chatwoot' | 'orders';

export interface IntegrationTable {
  tenant_id: string;
  provider: IntegrationProvider;
  secret: string;
  settings: JsonDefault;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  last_event_at: Timestamp | null;
}

export type ReplyLabel =
  | 'positive'
  | 'negative'
  | 'neutral'
  | 'opt_out'
  | 'reschedule'
  | 'other_offering'
  | 'other_staff'
  | 'away_until';

export interface ReplyTable {
  tenant_id: string;
  id: Generated<string>;
  provider: string;
  event_key: string;
  channel: string;
  sender: string;
  customer_id: string | null;
  attempt_id: string | null;
  message_id: string | null;
  text: string;
  label: ReplyLabel;
  confidence: Money;
  /** A date column: 'YYYY-MM-DD'. */
  away_until: ColumnType<string | null, string | null | undefined, string | null>;
  classified_by: string;
  action: string;
  action_note: string | null;
  received_at: Timestamp;
  created_at: CreatedAt;
}

export interface DialogContextTable {
  tenant_id: string;
  phone: string;
  context: Json<unknown>;
  updated_at: UpdatedAt;
  expires_at: Timestamp;
}

export interface TrackedLinkTable {
  tenant_id: string;
  code: string;
  target_url: string;
  customer_id: string | null;
  attempt_id: string | null;
  message_id: string | null;
  channel: string | null;
  created_at: CreatedAt;
  first_clicked_at: Timestamp | null;
  clicks: Generated<number>;
}

export interface LinkClickTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  customer_id: string | null;
  attempt_id: string | null;
  at: ColumnType<Date, Date | string | undefined, never>;
  user_agent: string | null;
  is_preview: Generated<boolean>;
}

export interface FirstAccessTable {
  tenant_id: string;
  customer_id: string;
  offering_id: string | null;
  offering_key: string;
  at: Timestamp;
  origin: string;
  link_code: string | null;
  attempt_id: string | null;
}

export interface ConversationLabelTable {
  tenant_id: string;
  provider: string;
  conversation_id: string;
  customer_id: string | null;
  contact: string | null;
  labels: Generated<string[]>;
  status: string | null;
  updated_at: Timestamp;
}

export interface ConversionTable {
  tenant_id: string;
  attempt_id: string;
  customer_id: string;
  control: boolean;
  source_kind: 'activity' | 'booking';
  source_id: string;
  value: MoneyDefault;
  occurred_at: Timestamp;
  touch: 'message' | 'click' | 'reply' | 'control';
  touched_at: Timestamp;
  created_at: CreatedAt;
}

export interface ListenTables {
  integrations: IntegrationTable;
  replies: ReplyTable;
  dialog_contexts: DialogContextTable;
  tracked_links: TrackedLinkTable;
  link_clicks: LinkClickTable;
  first_accesses: FirstAccessTable;
  conversation_labels: ConversationLabelTable;
  conversions: ConversionTable;
}
