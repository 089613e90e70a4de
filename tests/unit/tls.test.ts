import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureTls, fingerprintSha256, localAddresses } from '../../server/security/tls';
import type { TlsMaterial } from '../../server/security/tls';

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratssaal-tls-'));
  tempDirs.push(dir);
  return dir;
}

function tlsFile(dataDir: string, name: string): string {
  return path.join(dataDir, 'tls', name);
}

function readTlsFiles(dataDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['ca.key', 'ca.crt', 'server.key', 'server.crt']) {
    files[name] = fs.readFileSync(tlsFile(dataDir, name), 'utf8');
  }
  return files;
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('ensureTls', () => {
  it('creates a CA and a server certificate on first call', () => {
    const dataDir = tempDir();
    const material = ensureTls(dataDir, { hostnames: ['ratssaal.local'], ipAddresses: ['192.0.2.10'] });

    expect(fs.readdirSync(path.join(dataDir, 'tls')).sort()).toEqual([
      'ca.crt',
      'ca.key',
      'server.crt',
      'server.key',
    ]);
    if (process.platform !== 'win32') {
      expect(fs.statSync(tlsFile(dataDir, 'ca.key')).mode & 0o777).toBe(0o600);
      expect(fs.statSync(tlsFile(dataDir, 'server.key')).mode & 0o777).toBe(0o600);
    }
    expect(material.caPath).toBe(tlsFile(dataDir, 'ca.crt'));
    expect(fs.readFileSync(material.caPath, 'utf8')).toBe(material.ca);

    const caCert = new X509Certificate(material.ca);
    const serverCert = new X509Certificate(material.cert);
    expect(caCert.ca).toBe(true);
    expect(caCert.subject).toMatch(/CN=Ratssaal Local CA [0-9A-F]+/);
    expect(caCert.subject).toContain('O=Ratssaal');
    expect(serverCert.ca).toBe(false);
    expect(serverCert.checkIssued(caCert)).toBe(true);
    expect(serverCert.verify(caCert.publicKey)).toBe(true);
    expect(serverCert.subject).toContain('CN=ratssaal.local');
    expect(serverCert.checkPrivateKey(createPrivateKey(material.key))).toBe(true);

    const san = serverCert.subjectAltName ?? '';
    expect(san).toContain('DNS:ratssaal.local');
    expect(san).toContain('DNS:localhost');
    expect(san).toContain('IP Address:192.0.2.10');
    expect(san).toContain('IP Address:127.0.0.1');
    expect(serverCert.checkIP('192.0.2.10')).toBe('192.0.2.10');
    expect(serverCert.checkIP('::1')).toBe('::1');
    expect(serverCert.checkHost('localhost')).toBe('localhost');
    expect(serverCert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(serverCert.serialNumber).toMatch(/^[0-9A-F]{32}$/);

    const lifetimeDays = (Date.parse(serverCert.validTo) - Date.now()) / DAY_MS;
    expect(lifetimeDays).toBeGreaterThan(396);
    expect(lifetimeDays).toBeLessThanOrEqual(397);
  });

  it('reuses CA and server certificate on the second call', () => {
    const dataDir = tempDir();
    const first = ensureTls(dataDir);
    const before = readTlsFiles(dataDir);
    const second = ensureTls(dataDir);

    expect(second).toEqual(first);
    expect(readTlsFiles(dataDir)).toEqual(before);
  });

  it('re-issues only the server certificate when a new hostname is requested', () => {
    const dataDir = tempDir();
    const first = ensureTls(dataDir);
    const caKey = fs.readFileSync(tlsFile(dataDir, 'ca.key'), 'utf8');
    const second = ensureTls(dataDir, { hostnames: ['sitzungssaal.example'] });

    expect(second.caFingerprint).toBe(first.caFingerprint);
    expect(second.ca).toBe(first.ca);
    expect(fs.readFileSync(tlsFile(dataDir, 'ca.key'), 'utf8')).toBe(caKey);
    expect(second.serverFingerprint).not.toBe(first.serverFingerprint);

    const serverCert = new X509Certificate(second.cert);
    expect(serverCert.subjectAltName).toContain('DNS:sitzungssaal.example');
    expect(serverCert.verify(new X509Certificate(second.ca).publicKey)).toBe(true);

    // The new name is now covered, so asking again changes nothing.
    expect(ensureTls(dataDir, { hostnames: ['sitzungssaal.example'] })).toEqual(second);
  });

  it('re-issues the server certificate when it expires within 30 days', () => {
    const dataDir = tempDir();
    const first = ensureTls(dataDir);
    const later = new Date(Date.now() + 380 * DAY_MS);
    const renewed = ensureTls(dataDir, { now: later });

    expect(renewed.caFingerprint).toBe(first.caFingerprint);
    expect(renewed.serverFingerprint).not.toBe(first.serverFingerprint);
    const serverCert = new X509Certificate(renewed.cert);
    expect(Date.parse(serverCert.validTo)).toBeGreaterThan(later.getTime() + 390 * DAY_MS);
    expect(serverCert.verify(new X509Certificate(renewed.ca).publicKey)).toBe(true);
  });

  it('refuses to replace a corrupt CA certificate', () => {
    const dataDir = tempDir();
    ensureTls(dataDir);
    fs.writeFileSync(tlsFile(dataDir, 'ca.crt'), '-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n');
    const before = readTlsFiles(dataDir);

    expect(() => ensureTls(dataDir)).toThrow(/ca\.crt is corrupt.*Restore ca\.crt/s);
    expect(readTlsFiles(dataDir)).toEqual(before);
  });

  it('refuses to continue when only half of the CA is present', () => {
    const dataDir = tempDir();
    ensureTls(dataDir);
    fs.rmSync(tlsFile(dataDir, 'ca.key'));

    expect(() => ensureTls(dataDir)).toThrow(/ca\.key is missing.*Restore ca\.key/s);
    expect(fs.existsSync(tlsFile(dataDir, 'ca.key'))).toBe(false);
  });

  it('formats SHA-256 fingerprints like browsers show them', () => {
    const material = ensureTls(tempDir());

    expect(material.caFingerprint).toMatch(FINGERPRINT);
    expect(material.serverFingerprint).toMatch(FINGERPRINT);
    expect(material.caFingerprint).toBe(new X509Certificate(material.ca).fingerprint256);
    expect(fingerprintSha256(material.cert)).toBe(new X509Certificate(material.cert).fingerprint256);
  });
});

describe('localAddresses', () => {
  it('includes loopback names and addresses', () => {
    const { hostnames, ipAddresses } = localAddresses();
    expect(hostnames).toContain('localhost');
    expect(hostnames).toContain(os.hostname().toLowerCase());
    expect(ipAddresses).toContain('127.0.0.1');
    expect(ipAddresses).toContain('::1');
  });
});

describe('HTTPS end to end', () => {
  function withServer(material: TlsMaterial, run: (port: number) => Promise<void>): Promise<void> {
    const server = https.createServer({ key: material.key, cert: material.cert }, (_req, res) => {
      res.end('ok');
    });
    return new Promise<void>((resolve, reject) => {
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        run(port)
          .then(resolve, reject)
          .finally(() => server.close());
      });
    });
  }

  function get(port: number, ca?: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const req = https.get(
        { host: '127.0.0.1', port, path: '/', servername: 'localhost', ca, agent: false },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve(body));
        },
      );
      req.on('error', reject);
    });
  }

  it('is trusted with the CA and rejected without it', async () => {
    const material = ensureTls(tempDir());
    await withServer(material, async (port) => {
      await expect(get(port, material.ca)).resolves.toBe('ok');
      await expect(get(port)).rejects.toMatchObject({
        code: expect.stringMatching(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)$/) as unknown,
      });
    });
  });
});
