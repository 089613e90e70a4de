import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { PairResponse, type DeviceSelf } from '../../server/protocol/devices';

export class PairingError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'PairingError';
  }
}

/** Redeems a pairing code for a seat agent (POST /api/pair, client "agent"): the device and its token. */
export function pairAgent(o: { server: string; ca: string; code: string }): Promise<{ device: DeviceSelf; token: string }> {
  const body = JSON.stringify({ code: o.code, client: 'agent' });
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/api/pair', o.server),
      { method: 'POST', ca: o.ca, rejectUnauthorized: true, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            return reject(new PairingError(`the server answered ${res.statusCode ?? '?'} without JSON`, null));
          }
          if (res.statusCode !== 201) {
            const e = json as { code?: string; message?: { de?: string; en?: string } };
            return reject(new PairingError(`${e.message?.de ?? ''} / ${e.message?.en ?? `HTTP ${res.statusCode ?? '?'}`}`, e.code ?? null));
          }
          const parsed = PairResponse.safeParse(json);
          if (!parsed.success || !parsed.data.token) return reject(new PairingError('the server sent no device token', null));
          resolve({ device: parsed.data.device, token: parsed.data.token });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes the token readable by this user only (0600), never half: beside it first, then renamed. */
export function writeTokenFile(file: string, token: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
