// The local player server behind `playback play`: the player page, and with follow on, a
// Server-Sent Events stream that pushes each new timeline to every open page.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Timeline } from '../timeline/model.js';
import { playerHtml } from './export-html.js';

export const EVENTS_PATH = '/events';

export interface PlayServerOptions {
  timeline: Timeline;
  host?: string;
  port?: number;
  /** Open an event stream the page listens to for newer timelines. */
  live?: boolean;
  speed?: number;
}

export interface PlayServer {
  url: string;
  server: Server;
  /** Replace the timeline and push it to every open page. */
  push(timeline: Timeline): void;
  /** Pages connected to the event stream now. */
  readonly listeners: number;
  close(): Promise<void>;
}

const KEEPALIVE_MS = 15_000;

export async function startPlayServer(options: PlayServerOptions): Promise<PlayServer> {
  let timeline = options.timeline;
  const host = options.host ?? '127.0.0.1';
  const clients = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Refuse other Host names, so a web page cannot reach this server through DNS rebinding.
    if (!allowedHosts.has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('wrong host\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/' || path === '/index.html') {
      const html = await playerHtml(timeline, { speed: options.speed, live: options.live ? EVENTS_PATH : undefined });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : html);
    } else if (path === '/timeline.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(timeline));
    } else if (path === EVENTS_PATH && options.live) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write('retry: 1000\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`${err.message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`${shownHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);
  const keepalive = setInterval(() => {
    for (const c of clients) c.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  return {
    url: `http://${shownHost}:${port}/`,
    server,
    push(next) {
      timeline = next;
      const message = `event: timeline\ndata: ${JSON.stringify(next)}\n\n`;
      for (const c of clients) c.write(message);
    },
    get listeners() {
      return clients.size;
    },
    close() {
      clearInterval(keepalive);
      for (const c of clients) c.end();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
