/**
 * What to do with each WhatsApp Cloud API error: retry the message later, fail it for good,
 * pause the sender (the number itself is in trouble), or send a template instead.
 *
 * Sources: Meta's error-code page (developers.facebook.com/documentation/business-messaging/
 * whatsapp/support/error-codes, as reproduced by pywa's `errors.py` and partner copies that keep
 * Meta's HTTP statuses), Meta's throughput page (80 mps per number, 130429 above it) and the
 * fixture report in shared/fixtures/README.md. Meta says to branch on `code` (and
 * `error_data.details`), not on titles or HTTP status, and that `error_subcode` is no longer sent
 * from v16.0 — so the code decides and the HTTP status only breaks ties for codes not listed.
 *
 * For comparison, RapidPro's courier treats 4, 80007, 130429, 131048, 131056 and 133016 as
 * throttling, 131053 as retryable and everything else as failed. Rekindle differs where the
 * issue asks it to: a ban or quality signal (368, 131048, 130429) pauses the sender so its
 * queued messages can move to a healthy number, instead of burning them one by one.
 *
 * `retryAfterMs` on a retry is how long to wait before this message is tried again; on a
 * pause_sender it is the shortest pause that makes sense (none: a person must look first).
 */

export type WhatsAppErrorAction = 'retry' | 'fail' | 'pause_sender' | 'needs_template';

export interface WhatsAppErrorRule {
  /** First and last code the row covers (equal for a single code). */
  readonly from: number;
  readonly to: number;
  /** Only when Graph sent this `error_subcode` (older API versions still do). */
  readonly subcode?: number;
  readonly title: string;
  readonly action: WhatsAppErrorAction;
  readonly retryAfterMs?: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const one = (
  code: number,
  title: string,
  action: WhatsAppErrorAction,
  extra: { retryAfterMs?: number; subcode?: number } = {},
): WhatsAppErrorRule => ({ from: code, to: code, title, action, ...extra });

const range = (from: number, to: number, title: string, action: WhatsAppErrorAction): WhatsAppErrorRule => ({
  from,
  to,
  title,
  action,
});

export const WHATSAPP_ERROR_RULES: readonly WhatsAppErrorRule[] = [
  // --- Authorization: the token or the app's permissions, the same for every message -------
  // 0 AuthException (HTTP 401): the access token expired, was invalidated or the user blocked apps.
  one(0, 'AuthException', 'pause_sender'),
  // 3 API Method (HTTP 500): the app lacks the capability or permission for the endpoint.
  one(3, 'API method: capability or permissions issue', 'pause_sender'),
  // 10 Permission denied (HTTP 403): the permission was never granted or has been removed.
  one(10, 'Permission denied', 'pause_sender'),
  // 190 Access token has expired (HTTP 401): a new token is needed before anything can be sent.
  one(190, 'Access token has expired', 'pause_sender'),
  // 200–299 API permission (HTTP 403): as 10, for the Graph permission family.
  range(200, 299, 'API permission', 'pause_sender'),

  // --- Throttling -------------------------------------------------------------------------
  // 4 Too many API calls (HTTP 400): the *app's* call budget; it refills within the hour, so
  // wait a minute instead of hammering it — the number itself is fine.
  one(4, 'Too many API calls', 'retry', { retryAfterMs: MINUTE }),
  // 80007 Rate limit issues (HTTP 400): the WhatsApp Business Account's own API rate limit.
  one(80007, 'WhatsApp Business Account rate limit', 'retry', { retryAfterMs: MINUTE }),
  // 130429 Rate limit hit: the number's throughput (80 messages/s by default) is exceeded. The
  // issue lists it with the health signals: pause the number briefly (a minute is plenty for a
  // per-second limit) so other numbers take over instead of every worker retrying into it.
  one(130429, 'Rate limit hit (throughput)', 'pause_sender', { retryAfterMs: MINUTE }),
  // 131048 Spam rate limit hit: too many earlier messages were blocked or flagged as spam. A
  // quality problem of the number: pause it until someone checks its quality rating.
  one(131048, 'Spam rate limit hit', 'pause_sender'),
  // 131056 (Business, Consumer) pair rate limit hit: too many messages to this one person. Meta
  // allows about one message every 6 seconds per pair after a burst; wait that long for this
  // recipient only — other recipients on the same number are unaffected.
  one(131056, 'Pair rate limit hit (same recipient)', 'retry', { retryAfterMs: 6 * SECOND }),
  // 133016 Account register/deregister rate limit exceeded: the number is being (de)registered
  // too often; it cannot send meanwhile.
  one(133016, 'Register/deregister rate limit exceeded', 'pause_sender'),

  // --- Integrity -----------------------------------------------------------------------------
  // 368 Temporarily blocked for policies violations (HTTP 403): the account is restricted.
  // Retrying makes it worse; courier fails the message, we pause the whole number (issue 5).
  one(368, 'Temporarily blocked for policies violations', 'pause_sender'),
  // 130497 Business account is restricted from messaging users in this country (HTTP 403): a
  // property of this recipient's country, not of the number — other recipients still work.
  one(130497, 'Restricted from messaging users in this country', 'fail'),
  // 131031 Business account locked (HTTP 403): policy violation or failed verification (e.g. a
  // wrong two-step PIN); nothing goes out until it is unlocked.
  one(131031, 'Business account locked', 'pause_sender'),

  // --- General and request errors -----------------------------------------------------------
  // 1 API Unknown (HTTP 400): "invalid request or possible server error" — retry; the queue's
  // attempt limit turns a request that is really malformed into a failure.
  one(1, 'API unknown', 'retry'),
  // 2 API Service (HTTP 503): temporary downtime or overload.
  one(2, 'API service temporarily unavailable', 'retry'),
  // 33 Parameter value is not valid: the business phone number has been deleted.
  one(33, 'Business phone number deleted', 'pause_sender'),
  // 100 Invalid parameter: the request itself is wrong for this message (bad field, bad value).
  one(100, 'Invalid parameter', 'fail'),
  // 100 with subcode 33 ("object with ID does not exist / missing permissions"): the configured
  // phone-number id is wrong or not reachable with this token — every message would fail.
  one(100, 'Phone number id does not exist or is not accessible', 'pause_sender', { subcode: 33 }),
  // 470 (on-premises API and older Cloud API versions): the 24-hour window has closed, as 131047.
  one(470, 'Message outside the customer-service window', 'needs_template'),
  // 130472 User's number is part of an experiment: Meta withholds marketing messages from it.
  one(130472, "User's number is part of an experiment", 'fail'),
  // 131000 Something went wrong (HTTP 500): an unknown server-side failure.
  one(131000, 'Something went wrong', 'retry'),
  // 131005 Access denied (HTTP 403): permission not granted or removed.
  one(131005, 'Access denied', 'pause_sender'),
  // 131008 Required parameter is missing.
  one(131008, 'Required parameter is missing', 'fail'),
  // 131009 Parameter value is not valid.
  one(131009, 'Parameter value is not valid', 'fail'),
  // 131016 Service unavailable (HTTP 503): a service is temporarily unavailable.
  one(131016, 'Service unavailable', 'retry'),
  // 131021 Recipient cannot be sender: the customer's number is the business number.
  one(131021, 'Recipient cannot be sender', 'fail'),
  // 131026 Message undeliverable: not a WhatsApp number, terms not accepted or an old client.
  one(131026, 'Message undeliverable', 'fail'),
  // 131030 Recipient not in allowed list: a test number may only message its 5 listed numbers.
  one(131030, 'Recipient phone number not in allowed list', 'fail'),
  // 131037 The number needs display-name approval before it can send.
  one(131037, 'Display name needs approval', 'pause_sender'),
  // 131042 Business eligibility payment issue: the account's payment method — for every message.
  one(131042, 'Business eligibility payment issue', 'pause_sender'),
  // 131045 Incorrect certificate: the number's registration is broken.
  one(131045, 'Incorrect certificate (registration error)', 'pause_sender'),
  // 131047 Re-engagement message: more than 24 hours since the customer last wrote. The fix is
  // a template; the client sends one when it has it, otherwise the queue must supply one.
  one(131047, 'Re-engagement message (24-hour window closed)', 'needs_template'),
  // 131049 Meta chose not to deliver (per-user marketing limit, "healthy ecosystem engagement").
  // Meta advises against retrying soon; a day later the person's budget has recovered.
  one(131049, 'Not delivered to maintain healthy ecosystem engagement', 'retry', { retryAfterMs: 24 * HOUR }),
  // 131050 The user stopped marketing messages from this business: do not send again.
  one(131050, 'User has stopped marketing messages', 'fail'),
  // 131051 Unsupported message type.
  one(131051, 'Unsupported message type', 'fail'),
  // 131052 Media download error (media the user sent could not be fetched).
  one(131052, 'Media download error', 'fail'),
  // 131053 Media upload error: usually the media host was slow or down; courier retries it too.
  one(131053, 'Media upload error', 'retry'),
  // 131057 Account in maintenance mode: e.g. a throughput upgrade, which Meta says takes up to a
  // minute during which the number cannot be used.
  one(131057, 'Account in maintenance mode', 'retry', { retryAfterMs: MINUTE }),

  // --- Templates (132000–132069): a problem of the template or its parameters --------------
  // Default for the family: this message cannot go out as built; another number would not help.
  range(132000, 132069, 'Template error', 'fail'),
  // 132000 Number of parameters does not match the template.
  one(132000, 'Template parameter count mismatch', 'fail'),
  // 132001 Template does not exist in this language or is not approved.
  one(132001, 'Template does not exist', 'fail'),
  // 132005 Translated text too long.
  one(132005, 'Template hydrated text too long', 'fail'),
  // 132007 Template content violates a WhatsApp policy.
  one(132007, 'Template format character policy violated', 'fail'),
  // 132012 Parameter values formatted wrongly.
  one(132012, 'Template parameter format mismatch', 'fail'),
  // 132015 Template paused for low quality: fails for every number; choose another template.
  one(132015, 'Template is paused', 'fail'),
  // 132016 Template disabled after repeated pauses.
  one(132016, 'Template is disabled', 'fail'),
  // 132068 Flow is blocked.
  one(132068, 'Flow is blocked', 'fail'),
  // 132069 Flow is throttled: 10 messages with this flow already sent in the last hour.
  one(132069, 'Flow is throttled', 'retry', { retryAfterMs: HOUR }),

  // --- Registration (133000–133016): the number is not (properly) registered --------------
  // Default for the family: the number cannot send until its registration is fixed.
  range(133000, 133016, 'Phone number registration error', 'pause_sender'),
  // 133004 Server temporarily unavailable (HTTP 503): transient.
  one(133004, 'Registration server temporarily unavailable', 'retry'),
  // 133010 Phone number not registered on the WhatsApp Business Platform.
  one(133010, 'Phone number not registered', 'pause_sender'),

  // --- Other --------------------------------------------------------------------------------
  // 135000 Generic user error: unknown cause with these parameters; retrying the same fails again.
  one(135000, 'Generic user error', 'fail'),
];

export interface WhatsAppErrorClass {
  readonly action: WhatsAppErrorAction;
  readonly title: string;
  readonly retryAfterMs?: number;
  /** False when no row covers the code and the HTTP status decided. */
  readonly known: boolean;
}

/**
 * The row for a code (the narrowest one that matches; a subcode row wins over its code's row),
 * or — for a code Meta has not documented — a decision from the HTTP status and Graph's
 * `is_transient`: server errors and 408/429 retry, 401 pauses the sender, anything else fails
 * so an unknown client error does not loop.
 */
export function classifyWhatsAppError(
  code: number,
  subcode?: number,
  httpStatus?: number,
  isTransient?: boolean,
): WhatsAppErrorClass {
  let best: WhatsAppErrorRule | undefined;
  for (const rule of WHATSAPP_ERROR_RULES) {
    if (code < rule.from || code > rule.to) continue;
    if (rule.subcode !== undefined && rule.subcode !== subcode) continue;
    if (best === undefined || isNarrower(rule, best)) best = rule;
  }
  if (best) {
    return {
      action: best.action,
      title: best.title,
      known: true,
      ...(best.retryAfterMs !== undefined ? { retryAfterMs: best.retryAfterMs } : {}),
    };
  }
  return { action: fallbackAction(httpStatus, isTransient), title: 'Undocumented error', known: false };
}

function isNarrower(candidate: WhatsAppErrorRule, current: WhatsAppErrorRule): boolean {
  const width = candidate.to - candidate.from;
  const currentWidth = current.to - current.from;
  if (width !== currentWidth) return width < currentWidth;
  return candidate.subcode !== undefined && current.subcode === undefined;
}

/** For answers without a Graph error body too (a proxy's 502 page, an HTML 404). */
export function fallbackAction(httpStatus?: number, isTransient?: boolean): WhatsAppErrorAction {
  if (isTransient === true) return 'retry';
  if (httpStatus === undefined) return 'fail';
  if (httpStatus >= 500 || httpStatus === 408 || httpStatus === 429) return 'retry';
  // 401: the token; 404 on /{version}/{phone-number-id}/messages: a wrong id or API version.
  if (httpStatus === 401 || httpStatus === 404) return 'pause_sender';
  return 'fail';
}
