import { describe, expect, it } from 'vitest';
import { type Candidate, type ClaimInput, planClaim, type SenderState, sameKindKey } from './claim-plan.ts';

// Wednesday 12:00 in São Paulo: inside the default window.
const now = new Date('2025-03-05T15:00:00Z');
const T = 'tenant-a';

const candidate = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  tenantId: T,
  customerId: `c-${id}`,
  kind: 'reactivation',
  channel: 'whatsapp',
  recipient: `+55119${id.padStart(8, '0')}`,
  senderId: null,
  status: 'queued',
  attempts: 0,
  maxAttempts: 5,
  optedOut: false,
  blacklisted: false,
  ...over,
});

const sender = (id: string, over: Partial<SenderState> = {}): SenderState => ({
  id,
  tenantId: T,
  channel: 'whatsapp',
  usable: true,
  caps: { perSecond: null, perHour: null, perDay: null },
  usage: { perSecond: 0, perHour: 0, perDay: 0 },
  recipientGapMs: 0,
  lastToRecipient: new Map(),
  ...over,
});

const input = (over: Partial<ClaimInput>): ClaimInput => ({
  now,
  candidates: [],
  limit: 100,
  tenants: new Map([
    [
      T,
      {
        timeZone: 'America/Sao_Paulo',
        window: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], from: '09:00', until: '20:00' },
        onePerDayKinds: ['reactivation'],
      },
    ],
  ]),
  senders: [sender('s1')],
  reachedToday: new Map(),
  resendSafe: (channel) => channel !== 'whatsapp',
  ...over,
});

const kinds = (plan: ReturnType<typeof planClaim>) => plan.decisions.map((d) => `${d.id}:${d.kind}`);

describe('planClaim', () => {
  it('claims due messages on the usable sender', () => {
    const plan = planClaim(input({ candidates: [candidate('1'), candidate('2')] }));
    expect(plan.decisions).toEqual([
      { id: '1', kind: 'claim', senderId: 's1' },
      { id: '2', kind: 'claim', senderId: 's1' },
    ]);
  });

  it.each([
    ['opted out', { optedOut: true }, { kind: 'skip', reason: 'opted_out' }],
    ['blacklisted', { blacklisted: true }, { kind: 'skip', reason: 'blacklisted' }],
    [
      'blacklisted and opted out: blacklisted',
      { blacklisted: true, optedOut: true },
      { kind: 'skip', reason: 'blacklisted' },
    ],
  ] as const)('skips a customer who is %s', (_case, over, expected) => {
    expect(planClaim(input({ candidates: [candidate('1', over)] })).decisions[0]).toMatchObject(expected);
  });

  it('reschedules to the next opening when the window is closed', () => {
    // Sunday in São Paulo: the window opens Monday 09:00 local (12:00Z).
    const plan = planClaim(input({ now: new Date('2025-03-09T15:00:00Z'), candidates: [candidate('1')] }));
    expect(plan.decisions[0]).toEqual({
      id: '1',
      kind: 'reschedule',
      at: new Date('2025-03-10T12:00:00Z'),
      reason: 'window_closed',
    });
  });

  it('skips a second message of a once-a-day kind, already sent or in this batch', () => {
    const plan = planClaim(
      input({
        candidates: [
          candidate('1', { customerId: 'c-x' }),
          candidate('2', { customerId: 'c-x' }),
          candidate('3', { customerId: 'c-y' }),
          candidate('4', { customerId: 'c-x', kind: 'direct' }),
        ],
        reachedToday: new Map([[sameKindKey(T, 'c-y', 'reactivation'), ['earlier']]]),
      }),
    );
    expect(kinds(plan)).toEqual(['1:claim', '2:skip', '3:skip', '4:claim']);
  });

  it('does not count a lapsed hand-off against the message itself', () => {
    const plan = planClaim(
      input({
        candidates: [
          candidate('1', { status: 'sending', attempts: 1, channel: 'webhook', customerId: 'c-x' }),
        ],
        senders: [sender('w1', { channel: 'webhook' })],
        reachedToday: new Map([[sameKindKey(T, 'c-x', 'reactivation'), ['1']]]),
      }),
    );
    expect(kinds(plan)).toEqual(['1:claim']);
  });

  it('never takes more than the caps leave, and reports the sender exhausted', () => {
    const plan = planClaim(
      input({
        candidates: ['1', '2', '3', '4'].map((id) => candidate(id)),
        senders: [
          sender('s1', {
            caps: { perSecond: null, perHour: 10, perDay: 100 },
            usage: { perSecond: 0, perHour: 8, perDay: 8 },
          }),
        ],
      }),
    );
    expect(kinds(plan)).toEqual(['1:claim', '2:claim', '3:wait', '4:wait']);
    expect(plan.exhaustedSenders).toEqual(['s1']);
  });

  it('spreads unassigned messages over senders by room, and keeps an assigned one on its sender', () => {
    const plan = planClaim(
      input({
        candidates: [candidate('1'), candidate('2'), candidate('3', { senderId: 's2' })],
        senders: [
          sender('s1', {
            caps: { perSecond: null, perHour: null, perDay: 10 },
            usage: { perSecond: 0, perHour: 0, perDay: 8 },
          }),
          sender('s2', {
            caps: { perSecond: null, perHour: null, perDay: 10 },
            usage: { perSecond: 0, perHour: 0, perDay: 7 },
          }),
        ],
      }),
    );
    expect(plan.decisions.map((d) => (d.kind === 'claim' ? d.senderId : d.kind))).toEqual(['s2', 's1', 's2']);
  });

  it('moves a message off a paused sender, and waits when no sender is usable', () => {
    const moved = planClaim(
      input({
        candidates: [candidate('1', { senderId: 's1' })],
        senders: [sender('s1', { usable: false }), sender('s2')],
      }),
    );
    expect(moved.decisions[0]).toEqual({ id: '1', kind: 'claim', senderId: 's2' });
    const stuck = planClaim(
      input({ candidates: [candidate('1', { senderId: 's1' })], senders: [sender('s1', { usable: false })] }),
    );
    expect(stuck.decisions[0]).toEqual({ id: '1', kind: 'wait', reason: 'no_sender' });
  });

  it('paces messages to one recipient', () => {
    const to = '+5511900000001';
    const plan = planClaim(
      input({
        candidates: [
          candidate('1', { recipient: to, kind: 'direct' }),
          candidate('2', { recipient: to, kind: 'direct' }),
        ],
        senders: [sender('s1', { recipientGapMs: 6000 })],
      }),
    );
    expect(plan.decisions).toEqual([
      { id: '1', kind: 'claim', senderId: 's1' },
      { id: '2', kind: 'reschedule', at: new Date(now.getTime() + 6000), reason: 'recipient_pace' },
    ]);
    const earlier = planClaim(
      input({
        candidates: [candidate('1', { recipient: to })],
        senders: [
          sender('s1', {
            recipientGapMs: 6000,
            lastToRecipient: new Map([[to, new Date(now.getTime() - 2000)]]),
          }),
        ],
      }),
    );
    expect(earlier.decisions[0]).toMatchObject({ kind: 'reschedule', at: new Date(now.getTime() + 4000) });
  });

  it('puts a lapsed hand-off in doubt where the provider cannot recognise a repeat, and re-sends it elsewhere', () => {
    const plan = planClaim(
      input({
        candidates: [
          candidate('1', { status: 'sending', attempts: 1 }),
          candidate('2', { status: 'sending', attempts: 1, channel: 'webhook' }),
          candidate('3', { status: 'sending', attempts: 5, channel: 'webhook' }),
        ],
        senders: [sender('s1'), sender('w1', { channel: 'webhook' })],
      }),
    );
    expect(kinds(plan)).toEqual(['1:in_doubt', '2:claim', '3:fail']);
  });

  it('stops at the limit and leaves the rest untouched', () => {
    const plan = planClaim(input({ limit: 2, candidates: ['1', '2', '3'].map((id) => candidate(id)) }));
    expect(kinds(plan)).toEqual(['1:claim', '2:claim']);
  });
});
