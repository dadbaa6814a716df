/**
 * Stand-in servers for the channel tests: a real HTTP server on 127.0.0.1 that records every
 * request (method, path, headers, raw body) and answers as the test scripts it, and the
 * provider fixtures collected in ../shared/fixtures.
 */

import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OutboundMessage, SenderConfig } from '../../src/domain/outreach/channel.ts';

const FIXTURES = new URL('../../../shared/fixtures/', import.meta.url);

export function readFixture<T = Record<string, unknown>>(platform: 'whatsapp' | 'chatwoot', name: string): T {
  return JSON.parse(readFileSync(new URL(`${platform}/${name}`, FIXTURES), 'utf8')) as T;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path with query string, as sent. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  json(): unknown;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Answer this late (for timeouts). */
  readonly delayMs?: number;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface StandIn {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startStandIn(handler: Handler): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        json: () => JSON.parse(body),
      };
      requests.push(recorded);
      void Promise.resolve(handler(recorded)).then(async (reply) => {
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (res.destroyed) return;
        const text =
          reply.body === undefined
            ? ''
            : typeof reply.body === 'string'
              ? reply.body
              : JSON.stringify(reply.body);
        res.writeHead(reply.status, {
          'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
          ...reply.headers,
        });
        res.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound once, then released. */
export async function closedPortUrl(): Promise<string> {
  const standIn = await startStandIn(() => ({ status: 200 }));
  await standIn.close();
  return standIn.url;
}

export function outbound(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: 'msg-1',
    tenantId: 'tenant-1',
    idempotencyKey: 'attempt-42:whatsapp:1',
    recipient: '+5511987654321',
    customer: { id: 'cust-1', name: 'Ana Souza', locale: 'pt-BR' },
    text: 'Oi Ana! Faz tempo que não te vemos no salão.',
    template: null,
    serviceWindowOpen: true,
    metadata: { attemptId: 'attempt-42' },
    ...overrides,
  };
}

export function sender(
  channel: SenderConfig['channel'],
  settings: Record<string, unknown>,
  secrets: Record<string, string>,
): SenderConfig {
  return { id: `sender-${channel}`, channel, settings, secrets };
}

export const NO_SIGNAL = { signal: new AbortController().signal };
