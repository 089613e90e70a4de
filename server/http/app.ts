import express, { type Express, type Request, type RequestHandler, type Response, type Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '../protocol/common';

export interface HttpOptions {
  uiDir: string;
  caCertPem: string;
  caFingerprint: string;
  health: () => Record<string, unknown>;
  /** Downloads of minutes and data under /api/export (see http/exports.ts). */
  exports?: Router;
  /** Device enrolment under /api (see http/devices.ts), and the check that only chair and clerk devices export. */
  devices?: { routes: Router; staffOnly: RequestHandler };
}

const SPA_NOT_BUILT = `<!doctype html><html lang="de"><meta charset="utf-8"><title>Ratssaal</title>
<body style="font:20px system-ui;margin:3em"><h1>Oberfläche nicht gebaut</h1>
<p>Bitte <code>npm run build</code> ausführen (oder <code>npm start</code>). / The user interface is not built: run <code>npm run build</code>.</p></body></html>`;

function spa(dir: string) {
  const index = join(dir, 'index.html');
  return (_req: Request, res: Response) => {
    if (existsSync(index)) res.sendFile(index);
    else res.status(503).type('html').send(SPA_NOT_BUILT);
  };
}

/**
 * Sent with every response. The screens load only their own files and talk only to this server
 * (WSS on the same origin); nothing may frame them, and the browser keeps to HTTPS.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'Strict-Transport-Security': 'max-age=31536000',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** Express: health, the CA certificate for kiosk set-up, and the built UIs. */
export function createApp(o: HttpOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', protocol: PROTOCOL_VERSION, ...o.health() });
  });
  app.get('/ca.crt', (_req, res) => {
    res.type('application/x-x509-ca-cert').attachment('ratssaal-ca.crt').send(o.caCertPem);
  });
  app.get('/ca-fingerprint', (_req, res) => {
    res.json({ sha256: o.caFingerprint });
  });

  if (o.devices) app.use('/api', o.devices.routes);
  if (o.exports) app.use('/api/export', ...(o.devices ? [o.devices.staffOnly] : []), o.exports);

  const seatUi = join(o.uiDir, 'delegate-ui');
  const chairUi = join(o.uiDir, 'chair-ui');
  app.use('/seat', express.static(seatUi, { index: false, fallthrough: true }));
  app.get(['/seat', '/seat/{*rest}'], spa(seatUi));
  app.use(express.static(chairUi, { index: false }));
  app.get(['/', '/chair', '/chair/{*rest}', '/display', '/display/{*rest}', '/clerk', '/clerk/{*rest}', '/pair'], spa(chairUi));
  app.use((_req, res) => {
    res.status(404).json({ status: 'not-found' });
  });
  return app;
}
