import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for an OpenAI-compatible chat API on 127.0.0.1 (random port): it records every
 * request and answers with whatever the test's `respond` says, in the documented shapes.
 */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: {
    model?: string;
    messages?: { role: string; content: string }[];
    temperature?: number;
    max_tokens?: number;
  };
  readonly receivedAt: number;
}

export type Reply =
  | { kind: 'text'; text: string; model?: string; finishReason?: string }
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; status: number; body: string }
  | { kind: 'slow'; delayMs: number; text: string };

export interface FakeLlmServer {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  respond: (request: RecordedRequest) => Reply;
  close(): Promise<void>;
}

export function completion(text: string, model = 'fake-model-2025', finishReason = 'stop') {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_750_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finishReason }],
    usage: { prompt_tokens: 120, completion_tokens: 40, total_tokens: 160 },
  };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

export async function startFakeLlmServer(): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const state: { respond: (request: RecordedRequest) => Reply } = {
    respond: () => ({ kind: 'text', text: 'Oi!' }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: raw ? JSON.parse(raw) : {},
        receivedAt: performance.now(),
      };
      requests.push(recorded);
      const reply = state.respond(recorded);
      switch (reply.kind) {
        case 'text':
          return send(res, 200, JSON.stringify(completion(reply.text, reply.model, reply.finishReason)));
        case 'status':
          return send(res, reply.status, JSON.stringify(reply.body), reply.headers);
        case 'raw':
          return send(res, reply.status, reply.body);
        case 'slow': {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) send(res, 200, JSON.stringify(completion(reply.text)));
          }, reply.delayMs);
          timers.add(timer);
          return;
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get respond() {
      return state.respond;
    },
    set respond(fn) {
      state.respond = fn;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
