import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';

/** The first byte of every TLS connection: a handshake record. */
const TLS_HANDSHAKE = 0x16;

/** Where a plain-HTTP request is sent instead: the same host and path over HTTPS. */
export function httpsLocation(host: string | undefined, url: string | undefined, port: number): string | null {
  const bare = (host ?? '').trim();
  // a host header is a name or address with an optional port; anything else is not followed
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/.exec(bare);
  if (!match) return null;
  const path = url && url.startsWith('/') && !url.startsWith('//') ? url : '/';
  return `https://${match[1]}${port === 443 ? '' : `:${port}`}${path}`;
}

/**
 * One port for HTTPS and for the plain-HTTP redirect to it: a connection whose first byte is a
 * TLS handshake goes to the HTTPS server; anything else gets a redirect and nothing more. So
 * somebody who types http://rathaus:8443 lands on the encrypted page, and no content, cookie or
 * socket is ever served in plain text.
 */
export function createDualListener(https: HttpsServer, port: () => number): NetServer {
  const redirect = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    const location = httpsLocation(req.headers.host, req.url, port());
    res.setHeader('Connection', 'close');
    if (!location) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Bitte HTTPS verwenden. / Please use HTTPS.\n');
      return;
    }
    res.writeHead(308, { Location: location, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`Bitte HTTPS verwenden / Please use HTTPS: ${location}\n`);
  });
  redirect.headersTimeout = 10_000;
  redirect.requestTimeout = 10_000;

  const listener = createNetServer((socket: Socket) => {
    socket.on('error', () => socket.destroy());
    // a connection that says nothing is closed; the HTTPS server sets its own limits after
    socket.setTimeout(15_000, () => socket.destroy());
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.setTimeout(0);
      socket.unshift(first);
      const target = first[0] === TLS_HANDSHAKE ? https : redirect;
      target.emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  listener.on('close', () => {
    redirect.close();
  });
  return listener;
}
