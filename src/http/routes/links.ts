import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { recordClick, resolveLink } from '../../app/links/index.ts';
import type { RouteDeps } from './deps.ts';

const NOT_FOUND_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Link not found</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">
<h1>Link not found</h1>
<p>This link does not exist or was mistyped.</p>
<p lang="pt">Link não encontrado. · <span lang="es">Enlace no encontrado.</span> · <span lang="ru">Ссылка не найдена.</span></p>
</body></html>
`;

/**
 * `/r/{code}`, public and outside /v1 (the customer's browser follows it, with no API key): logs
 * the click and redirects to the link's stored target — only ever that, so it is no open
 * redirect. A link-preview fetch (WhatsApp, Slack…) is logged but not counted. HEAD, which link
 * checkers send, answers the same redirect and records nothing.
 */
export function linkRedirectRoutes({ db }: RouteDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { code: string } }>(
      '/r/:code',
      { schema: { hide: true }, exposeHeadRoute: false },
      async (request, reply) => {
        const click = await recordClick(db, request.params.code, request.headers['user-agent']);
        return click ? redirect(reply, click.target) : notFound(reply);
      },
    );

    app.head<{ Params: { code: string } }>('/r/:code', { schema: { hide: true } }, async (request, reply) => {
      const target = await resolveLink(db, request.params.code);
      return target ? redirect(reply, target) : notFound(reply);
    });
  };
}

function redirect(reply: FastifyReply, target: string) {
  return (
    reply
      .code(302)
      // Every visit must reach us to be counted: no browser or proxy may answer from a cache.
      .header('cache-control', 'private, no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex')
      .header('location', asHeaderValue(target))
      .send()
  );
}

/** The stored address as written, unless it holds characters a header cannot carry: then encoded. */
function asHeaderValue(target: string): string {
  return /^[\x21-\x7e]+$/.test(target) ? target : new URL(target).href;
}

function notFound(reply: FastifyReply) {
  return reply
    .code(404)
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .type('text/html; charset=utf-8')
    .send(NOT_FOUND_PAGE);
}
