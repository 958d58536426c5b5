// Table types for Kysely. Times are ISO-8601 UTC strings with milliseconds in both
// databases: the moderation log hashes them as text, so they must round-trip exactly,
// and fixed-width ISO strings also compare correctly as text.
import type { ColumnType, Generated, Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export interface MetaTable {
  key: string;
  value: string;
}

export interface AccountTable {
  id: string;
  handle: string | null;
  /** JSON: the identifiers the platform sent (emails, phones, device ids...), needed for legal reports. */
  identifiers_json: string;
  /** Cached fold of the account's events (JSON); `vigie verify` rebuilds and compares it. */
  state_json: string;
  status: string;
  last_event_seq: number;
  created_at: string;
  updated_at: string;
}

export interface ContentTable {
  id: string;
  author_id: string;
  kind: string;
  text: string | null;
  links_json: string;
  in_reply_to: string | null;
  recipient_id: string | null;
  created_at: string;
  ingested_at: string;
  /** SHA-256 of the canonical request, so that a replay with different data is refused. */
  request_digest: string;
  /** The first answer given for this id, returned again on a replay. */
  response_json: string;
  /** The review part of the first answer (null: nothing went to a person). */
  review_json: ColumnType<string | null, string | null | undefined, string | null>;
  state_json: string;
  status: string;
  last_event_seq: number;
}

export interface MediaTable {
  content_id: string;
  media_id: string;
  sha256: string;
  md5: string;
  size: number;
  /** Type detected from the bytes; the claimed type is kept apart and never trusted. */
  detected_type: string;
  declared_type: string | null;
  /** The uploader's name for the file (migration 021): untrusted text, never a path. */
  original_file_name: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
}

export interface EventTable {
  seq: Generated<number>;
  partition: number;
  partition_seq: number;
  type: string;
  subject_kind: string;
  subject_id: string;
  actor_kind: string;
  actor_id: string | null;
  at: string;
  reason: string | null;
  payload_json: string;
  prev_hash: string;
  hash: string;
}

export interface LogHeadTable {
  partition: number;
  partition_seq: number;
  hash: string;
}

export interface ReportTable {
  id: string;
  client_key: string | null;
  subject_kind: string;
  subject_id: string;
  reporter_kind: string;
  reporter_id: string | null;
  category: string;
  text: string | null;
  case_id: string | null;
  created_at: string;
  platform_id: string;
  /** SHA-256 of the receipt an anonymous reporter was given; null for platform reports. */
  receipt_hash: string | null;
  contact: string | null;
  links_json: string;
  /** Who reported, as muting knows them (an account, or nobody for an anonymous report). */
  reporter_key: string | null;
  filed_seq: number | null;
}

export interface MutedReporterTable {
  reporter_key: string;
  muted_by: string;
  muted_at: string;
  reason: string | null;
}

export interface CaseTable {
  id: string;
  subject_kind: string;
  subject_id: string;
  status: string;
  priority: number;
  assignee_id: string | null;
  state_json: string;
  last_event_seq: number;
  opened_at: string;
  updated_at: string;
  queue: string;
  /** Until when the assignee's claim holds; past it anyone may take the case. */
  lease_until: string | null;
}

export interface StaffUserTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  totp_secret: string;
  /** Last TOTP time step accepted, so a code cannot be used twice. */
  totp_last_step: number;
  failed_attempts: number;
  locked_until: string | null;
  /** What the lock covers: 'all', or 'unknown' (addresses the user never signed in from); null: all. */
  lock_scope: string | null;
  disabled: number;
  created_at: string;
  /** JSON array of the platform ids the staff member may see; null: every platform. */
  platforms_json: string | null;
}

/** A failed staff sign-in whose factors were checked (src/services/staff/lockout.ts). */
export interface SignInFailureTable {
  id: string;
  /** The address's throttling key (an IPv6 address by its /64). */
  address: string;
  staff_id: string | null;
  known_address: number;
  at: string;
}

/** An address a staff user has signed in from. */
export interface StaffKnownAddressTable {
  staff_id: string;
  address: string;
  first_seen_at: string;
  last_seen_at: string;
}

export interface StaffSessionTable {
  /** SHA-256 of the session token; the token itself lives only in the cookie. */
  id_hash: string;
  staff_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes_json: string;
  created_at: string;
  revoked_at: string | null;
  /** The platform the key acts for. */
  platform_id: string;
}

export interface WebhookEndpointTable {
  id: string;
  url: string;
  secret: string;
  event_types_json: string;
  active: number;
  created_at: string;
  /** The platform whose actions the endpoint receives. */
  platform_id: string;
}

export interface WebhookDeliveryTable {
  id: string;
  endpoint_id: string;
  idempotency_key: string;
  event_type: string;
  payload_json: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload_json: string;
  dedupe_key: string | null;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
  /** Until when one worker's run holds the import. */
  lease_until: string | null;
}

export interface BankTable {
  id: string;
  name: string;
  hash_type: string;
  source: string;
  list_version: string | null;
  list_date: string | null;
  verified: number;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface BankEntryTable {
  key: Generated<number>;
  bank_id: string;
  hash: string;
  label: string | null;
  source_id: string | null;
  contributor: string | null;
  extra_json: string | null;
  added_at: string;
  removed_at: string | null;
  /** The banks' change counter when this row last changed (migration 009). */
  version: Generated<number>;
  /** The whole value when `hash` is its SHA-256 (vPDQ frame lists; migration 011). */
  value: string | null;
}

export interface BankStateTable {
  id: number;
  version: number;
}

export interface ConversationTable {
  key: string;
  state_json: string;
  updated_at: string;
}

/** A sender's risk across conversations with minors (migration 014, policy/accumulation.ts). */
export interface SenderRiskTable {
  sender_id: string;
  state_json: string;
  updated_at: string;
}

/** A suspended account's identifier, as a keyed hash only (store/block-registry-rows.ts). */
export interface BlockRegistryTable {
  account_id: string;
  /** HMAC-SHA256 with the server secret of "kind:canonical value", hex. */
  key_hash: string;
  kind: string;
  strength: string;
  /** Only weak kinds expire (IP addresses are shared and reassigned). */
  expires_at: string | null;
  created_at: string;
  lifted_at: string | null;
  /** The registry's change counter when this row last changed. */
  version: number;
}

export interface BlockRegistryStateTable {
  id: number;
  version: number;
  /** Tells whether a process holds the secret the entries were written with. */
  secret_fingerprint: string | null;
}

export interface PlatformTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ReportChallengeNonceTable {
  nonce: string;
  expires_at: string;
}

export interface ReportRateWindowTable {
  /** "global", or "address:" and a keyed hash of the client address. */
  bucket: string;
  window_start: string;
  count: number;
}

/** Appeals (migration 020): the current state of each; its history is in the log. */
export interface AppealTable {
  id: string;
  platform: string;
  account_id: string;
  action_id: string;
  action_kind: string;
  queue: string;
  /** open, upheld, overturned */
  status: string;
  /** token (the public page) or platform (the API on the user's behalf) */
  via: string;
  statement: string;
  lang: string;
  excluded_json: string;
  assignee_id: string | null;
  lease_until: string | null;
  filed_at: string;
  due_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_reason: string | null;
}

/** Statements of reasons (migration 020): one per restriction. */
export interface StatementTable {
  puid: string;
  platform: string;
  account_id: string;
  action: string;
  /** 1 where the policy allows notice to the person, 0 where it acts without notice. */
  notify: number;
  applied_at: string;
  facts_json: string;
  submitted_at: string | null;
  submission_uuid: string | null;
  submitted_json: string | null;
  submission_error: string | null;
  /** The seq of the action.taken event this statement is for (migration 022): how an action id finds its event. */
  event_seq: number | null;
}

/** Cases and appeals that passed their queue's target (migration 020), alerted once each. */
export interface DeadlineBreachTable {
  item_kind: string;
  item_id: string;
  queue: string;
  due_at: string;
  breached_at: string;
}

export interface Database {
  meta: MetaTable;
  platforms: PlatformTable;
  accounts: AccountTable;
  content: ContentTable;
  media: MediaTable;
  events: EventTable;
  log_heads: LogHeadTable;
  reports: ReportTable;
  muted_reporters: MutedReporterTable;
  cases: CaseTable;
  staff_users: StaffUserTable;
  staff_sessions: StaffSessionTable;
  sign_in_failures: SignInFailureTable;
  staff_known_addresses: StaffKnownAddressTable;
  api_keys: ApiKeyTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  jobs: JobTable;
  banks: BankTable;
  bank_entries: BankEntryTable;
  bank_state: BankStateTable;
  block_registry: BlockRegistryTable;
  block_registry_state: BlockRegistryStateTable;
  conversations: ConversationTable;
  sender_risk: SenderRiskTable;
  classifier_usage: ClassifierUsageTable;
  report_challenge_nonces: ReportChallengeNonceTable;
  report_rate_windows: ReportRateWindowTable;
  reviewer_settings: ReviewerSettingsTable;
  wellness_limits: WellnessLimitsTable;
  bank_imports: BankImportTable;
  holds: HoldTable;
  hold_items: HoldItemTable;
  appeals: AppealTable;
  statements: StatementTable;
  deadline_breaches: DeadlineBreachTable;
}

/** A reviewer's wellness settings (migration 017, services/reviewers). */
export interface ReviewerSettingsTable {
  staff_id: string;
  settings_json: string;
  updated_at: string;
}

/** The limits an admin sets on reviewers' settings: one row, id 1 (migration 017). */
export interface WellnessLimitsTable {
  id: number;
  limits_json: string;
  updated_by: string | null;
  updated_at: string;
}

/** A bank import started from the console, run by a worker (migration 017, services/banks/bank-imports.ts). */
export interface BankImportTable {
  id: string;
  bank_name: string;
  /** queued, running, done, failed */
  status: string;
  options_json: string;
  list_text: string | null;
  /** Entries imported so far (of the parsed list, in order). */
  done: number;
  /** Entries in the parsed list; null until it is parsed. */
  total: number | null;
  added: number;
  unchanged: number;
  errors_json: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  /** Until when one worker's run holds the import. */
  lease_until: string | null;
}

/** A preservation hold (migration 018). */
export interface HoldTable {
  id: string;
  case_id: string | null;
  cybertip_id: string | null;
  account_id: string | null;
  reason: string;
  placed_at: string;
  /** The actor, as "kind:id" (id empty for the system). */
  placed_by: string;
  until: string;
  status: string;
  purged_at: string | null;
}

/** What a hold covers: a media object, a content item, or an item's sealed snapshot. */
export interface HoldItemTable {
  hold_id: string;
  kind: string;
  ref: string;
  /** For a snapshot: the item it preserves. */
  content_id: string | null;
}

/** Calls to a classifier provider in one period (a UTC day), for its budget (migration 013). */
export interface ClassifierUsageTable {
  provider: string;
  period: string;
  calls: number;
}

export type Db = Kysely<Database>;
