import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ListenStats } from '../adapters/db/listen/stats.repository.ts';
import type { QueueStats } from '../app/outbound/stats.ts';

/**
 * Prometheus metrics at /metrics: process defaults, request latency by route and status, and —
 * read from the database at scrape time, so every process reports the same shared queue — the
 * send queue's depth, send rate, failures by code and each sender's health and usage.
 */
export function createMetrics(
  options: { queueStats?: () => Promise<QueueStats>; listenStats?: () => Promise<ListenStats> } = {},
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'rekindle_' });
  const httpDuration = new Histogram({
    name: 'rekindle_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  if (options.queueStats) registerQueueGauges(registry, options.queueStats);
  if (options.listenStats) registerListenGauges(registry, options.listenStats);

  return {
    registry,
    register(app: FastifyInstance) {
      app.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        if (route === '/metrics') return;
        httpDuration.observe(
          { method: request.method, route, status: String(reply.statusCode) },
          reply.elapsedTime / 1000,
        );
      });
      app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
        return reply.header('content-type', registry.contentType).send(await registry.metrics());
      });
    },
  };
}

function registerQueueGauges(registry: Registry, read: () => Promise<QueueStats>): void {
  const stats = oncePerScrape(read);
  new Gauge({
    name: 'rekindle_queue_messages',
    help: 'Messages in the send queue by state (queued, due, sending, in_doubt)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const { depth } = await stats();
      this.set({ state: 'queued' }, depth.queued);
      this.set({ state: 'due' }, depth.due);
      this.set({ state: 'sending' }, depth.sending);
      this.set({ state: 'in_doubt' }, depth.inDoubt);
    },
  });
  new Gauge({
    name: 'rekindle_queue_handoffs_last_minute',
    help: 'Messages handed to providers in the last minute (the send rate)',
    registers: [registry],
    async collect() {
      this.set((await stats()).handOffsLastMinute);
    },
  });
  new Gauge({
    name: 'rekindle_queue_failures_last_day',
    help: 'Messages that failed in the last 24 hours, by error code',
    labelNames: ['code'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const f of (await stats()).failuresLastDay) this.set({ code: f.code }, f.count);
    },
  });
  new Gauge({
    name: 'rekindle_sender_healthy',
    help: 'Whether a sender is healthy (1) or paused/banned (0), with its health as a label',
    labelNames: ['tenant', 'sender', 'channel', 'health', 'quality'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of (await stats()).senders) {
        this.set(
          { tenant: s.tenantId, sender: s.id, channel: s.channel, health: s.health, quality: s.quality },
          s.health === 'healthy' ? 1 : 0,
        );
      }
    },
  });
  new Gauge({
    name: 'rekindle_sender_handoffs',
    help: "A sender's hand-offs in the window ending now, beside its cap (rekindle_sender_cap)",
    labelNames: ['sender', 'window'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of (await stats()).senders) {
        this.set({ sender: s.id, window: 'second' }, s.usage.perSecond);
        if (s.usage.perHour !== null) this.set({ sender: s.id, window: 'hour' }, s.usage.perHour);
        if (s.usage.perDay !== null) this.set({ sender: s.id, window: 'day' }, s.usage.perDay);
      }
    },
  });
  new Gauge({
    name: 'rekindle_sender_cap',
    help: "A sender's cap in force (warm-up included) per window; absent when uncapped",
    labelNames: ['sender', 'window'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of (await stats()).senders) {
        if (s.caps.perSecond !== null) this.set({ sender: s.id, window: 'second' }, s.caps.perSecond);
        if (s.caps.perHour !== null) this.set({ sender: s.id, window: 'hour' }, s.caps.perHour);
        if (s.caps.perDay !== null) this.set({ sender: s.id, window: 'day' }, s.caps.perDay);
      }
    },
  });
}

/** The webhook inbox's backlog, what replies said, and what came back (issue 6). */
function registerListenGauges(registry: Registry, read: () => Promise<ListenStats>): void {
  const stats = oncePerScrape(read);
  new Gauge({
    name: 'rekindle_inbox_events',
    help: 'Webhook events not yet processed (pending, processing) or given up on (failed), by provider',
    labelNames: ['provider', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const e of (await stats()).inbox) this.set({ provider: e.provider, status: e.status }, e.count);
    },
  });
  new Gauge({
    name: 'rekindle_replies_last_day',
    help: 'Customer replies classified in the last 24 hours, by label',
    labelNames: ['label'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await stats()).repliesLastDay) this.set({ label: r.label }, r.count);
    },
  });
  new Gauge({
    name: 'rekindle_conversions_last_day',
    help: 'Returns credited to attempts in the last 24 hours, treated and control',
    labelNames: ['group'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of (await stats()).conversionsLastDay)
        this.set({ group: c.control ? 'control' : 'treated' }, c.count);
    },
  });
  new Gauge({
    name: 'rekindle_conversion_value_last_day',
    help: 'Value of the returns credited in the last 24 hours, treated and control',
    labelNames: ['group'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of (await stats()).conversionsLastDay)
        this.set({ group: c.control ? 'control' : 'treated' }, c.value);
    },
  });
}

/** One read per scrape, shared by a group of gauges (prom-client calls each collect in turn). */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= read().finally(() => {
      setImmediate(() => {
        pending = null;
      });
    });
    return pending;
  };
}
