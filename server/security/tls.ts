import {
  X509Certificate,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

export interface TlsMaterial {
  /** PEM private key of the server certificate. */
  key: string;
  /** PEM server certificate (leaf only; clients trust the CA). */
  cert: string;
  /** PEM certificate of the local CA that devices must trust. */
  ca: string;
  caFingerprint: string;
  serverFingerprint: string;
  /** Absolute path of ca.crt, e.g. for offering it as a download. */
  caPath: string;
}

export interface TlsOptions {
  hostnames?: string[];
  ipAddresses?: string[];
  /** Clock override for tests. */
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CA_VALIDITY_YEARS = 10;
// Apple platforms reject server certificates valid for more than 398 days, even from private CAs.
const SERVER_VALIDITY_DAYS = 397;
const RENEW_BEFORE_DAYS = 30;
// Tolerates tablets whose clocks run slightly behind the server.
const BACKDATE_MS = 60 * 60 * 1000;

const CA_KEY = 'ca.key';
const CA_CRT = 'ca.crt';
const SERVER_KEY = 'server.key';
const SERVER_CRT = 'server.crt';

const SAN_DNS = 2;
const SAN_IP = 7;

interface LoadedCa {
  keyPem: string;
  certPem: string;
  cert: forge.pki.Certificate;
  x509: X509Certificate;
}

interface AltName {
  type: number;
  value: string;
}

export function fingerprintSha256(pem: string): string {
  const der = new X509Certificate(pem).raw;
  const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
  return hex.match(/../g)?.join(':') ?? '';
}

export function localAddresses(): { hostnames: string[]; ipAddresses: string[] } {
  const hostnames = uniqueHostnames(['localhost', os.hostname()]);
  const ips = ['127.0.0.1', '::1'];
  for (const entries of Object.values(os.networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (!entry.internal) ips.push(entry.address);
    }
  }
  return { hostnames, ipAddresses: uniqueIps(ips) };
}

export function ensureTls(dataDir: string, options: TlsOptions = {}): TlsMaterial {
  const now = options.now ?? new Date();
  const dir = path.resolve(dataDir, 'tls');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });

  const defaults = localAddresses();
  const requested = splitHosts([...(options.hostnames ?? []), ...defaults.hostnames], [
    ...(options.ipAddresses ?? []),
    ...defaults.ipAddresses,
  ]);

  const ca = loadCa(dir, now) ?? createCa(dir, now);

  let serverKeyPem = readIfExists(path.join(dir, SERVER_KEY));
  if (serverKeyPem !== undefined && !isUsableRsaKey(serverKeyPem)) serverKeyPem = undefined;
  const serverCertPem = readIfExists(path.join(dir, SERVER_CRT));

  if (
    serverKeyPem !== undefined &&
    serverCertPem !== undefined &&
    serverCertIsCurrent(serverCertPem, serverKeyPem, ca, requested, now)
  ) {
    return material(dir, ca.certPem, serverKeyPem, serverCertPem);
  }

  // The server key is not a trust anchor, so a missing or broken one is simply replaced.
  const keyPem = serverKeyPem ?? generateRsaKeyPem();
  const certPem = issueServerCert(ca, keyPem, requested, now);
  writeAtomic(path.join(dir, SERVER_KEY), keyPem, 0o600);
  writeAtomic(path.join(dir, SERVER_CRT), certPem, 0o644);
  return material(dir, ca.certPem, keyPem, certPem);
}

function material(dir: string, caPem: string, keyPem: string, certPem: string): TlsMaterial {
  return {
    key: keyPem,
    cert: certPem,
    ca: caPem,
    caFingerprint: fingerprintSha256(caPem),
    serverFingerprint: fingerprintSha256(certPem),
    caPath: path.join(dir, CA_CRT),
  };
}

// --- certificate authority -------------------------------------------------

function loadCa(dir: string, now: Date): LoadedCa | undefined {
  const keyPath = path.join(dir, CA_KEY);
  const certPath = path.join(dir, CA_CRT);
  const keyPem = readIfExists(keyPath);
  const certPem = readIfExists(certPath);

  if (keyPem === undefined && certPem === undefined) return undefined;

  const resetHint =
    `Only if no device needs to keep trusting the current CA, delete the whole directory ${dir} ` +
    'to create a new CA; every device must then install and trust the new ca.crt.';

  if (certPem === undefined) {
    throw new Error(
      `TLS: the local CA is incomplete: ${keyPath} exists but ${certPath} is missing. ` +
        `Restore ${CA_CRT} from a backup. ${resetHint}`,
    );
  }
  if (keyPem === undefined) {
    throw new Error(
      `TLS: the local CA is incomplete: ${certPath} exists but ${keyPath} is missing. ` +
        `Restore ${CA_KEY} from a backup. ${resetHint}`,
    );
  }

  let x509: X509Certificate;
  let cert: forge.pki.Certificate;
  try {
    x509 = new X509Certificate(certPem);
    cert = forge.pki.certificateFromPem(certPem);
  } catch (err) {
    throw new Error(
      `TLS: the CA certificate ${certPath} is corrupt or unreadable (${errorMessage(err)}). ` +
        `Restore ${CA_CRT} from a backup. ${resetHint}`,
      { cause: err },
    );
  }
  if (!isUsableRsaKey(keyPem)) {
    throw new Error(
      `TLS: the CA private key ${keyPath} is corrupt, encrypted or not an RSA key. ` +
        `Restore ${CA_KEY} from a backup. ${resetHint}`,
    );
  }
  if (!x509.ca) {
    throw new Error(
      `TLS: ${certPath} is not a CA certificate. Restore the original ${CA_CRT} from a backup. ${resetHint}`,
    );
  }
  if (!sameSpki(createPublicKey(keyPem), x509)) {
    throw new Error(
      `TLS: ${keyPath} does not belong to ${certPath}. Restore the matching pair from a backup. ${resetHint}`,
    );
  }
  if (cert.validity.notAfter.getTime() <= now.getTime()) {
    throw new Error(
      `TLS: the local CA in ${certPath} expired on ${cert.validity.notAfter.toISOString()}. ` +
        `Delete the directory ${dir} to create a new CA; every device must then install and trust the new ca.crt.`,
    );
  }
  return { keyPem, certPem, cert, x509 };
}

function createCa(dir: string, now: Date): LoadedCa {
  const keyPem = generateRsaKeyPem();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forgePublicKey(keyPem);
  cert.serialNumber = randomSerialHex();
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime());
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_VALIDITY_YEARS);
  cert.validity.notAfter = notAfter;

  const id = randomBytes(4).toString('hex').toUpperCase();
  const subject = [
    { name: 'commonName', value: `Ratssaal Local CA ${id}` },
    { name: 'organizationName', value: 'Ratssaal' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);

  // Both files are staged before either is renamed, so a crash leaves at most a tiny window
  // in which only one of them exists (which loadCa then reports instead of overwriting).
  const keyTmp = writeTemp(path.join(dir, CA_KEY), keyPem, 0o600);
  const certTmp = writeTemp(path.join(dir, CA_CRT), certPem, 0o644);
  commitTemp(keyTmp, path.join(dir, CA_KEY));
  commitTemp(certTmp, path.join(dir, CA_CRT));

  return { keyPem, certPem, cert, x509: new X509Certificate(certPem) };
}

// --- server certificate ----------------------------------------------------

interface RequestedNames {
  hostnames: string[];
  ipAddresses: string[];
}

function serverCertIsCurrent(
  certPem: string,
  keyPem: string,
  ca: LoadedCa,
  requested: RequestedNames,
  now: Date,
): boolean {
  let x509: X509Certificate;
  let cert: forge.pki.Certificate;
  try {
    x509 = new X509Certificate(certPem);
    cert = forge.pki.certificateFromPem(certPem);
  } catch {
    return false;
  }
  if (!x509.checkIssued(ca.x509) || !x509.verify(ca.x509.publicKey)) return false;
  if (!sameSpki(createPublicKey(keyPem), x509)) return false;

  const { notBefore, notAfter } = cert.validity;
  if (notBefore.getTime() > now.getTime()) return false;
  if (notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) {
    // A certificate clamped to the CA's lifetime cannot get any longer by re-issuing.
    if (notAfter.getTime() < ca.cert.validity.notAfter.getTime()) return false;
  }

  const altNames = readAltNames(cert);
  const dns = new Set(altNames.filter((a) => a.type === SAN_DNS).map((a) => a.value.toLowerCase()));
  const ips = new Set(altNames.filter((a) => a.type === SAN_IP).map((a) => a.value));
  return (
    requested.hostnames.every((h) => dns.has(h)) &&
    requested.ipAddresses.every((ip) => ips.has(ipToBytes(ip).toString('binary')))
  );
}

function issueServerCert(ca: LoadedCa, keyPem: string, requested: RequestedNames, now: Date): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forgePublicKey(keyPem);
  cert.serialNumber = randomSerialHex();
  cert.validity.notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = now.getTime() + SERVER_VALIDITY_DAYS * DAY_MS;
  cert.validity.notAfter = new Date(Math.min(notAfter, ca.cert.validity.notAfter.getTime()));

  cert.setSubject([
    { name: 'commonName', value: requested.hostnames[0] ?? 'localhost' },
    { name: 'organizationName', value: 'Ratssaal' },
  ]);
  cert.setIssuer(ca.cert.subject.attributes);

  const altNames: AltName[] = [
    ...requested.hostnames.map((h) => ({ type: SAN_DNS, value: h })),
    // forge's own IP parser mishandles IPv4-mapped IPv6, so raw bytes are passed instead.
    ...requested.ipAddresses.map((ip) => ({ type: SAN_IP, value: ipToBytes(ip).toString('binary') })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caKeyIdentifier(ca.cert) },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function caKeyIdentifier(caCert: forge.pki.Certificate): string {
  const ext: unknown = caCert.getExtension('subjectKeyIdentifier');
  if (isRecord(ext) && typeof ext.subjectKeyIdentifier === 'string') {
    return forge.util.hexToBytes(ext.subjectKeyIdentifier);
  }
  return caCert.generateSubjectKeyIdentifier().getBytes();
}

function readAltNames(cert: forge.pki.Certificate): AltName[] {
  const ext: unknown = cert.getExtension('subjectAltName');
  if (!isRecord(ext) || !Array.isArray(ext.altNames)) return [];
  const result: AltName[] = [];
  for (const entry of ext.altNames as unknown[]) {
    if (isRecord(entry) && typeof entry.type === 'number' && typeof entry.value === 'string') {
      result.push({ type: entry.type, value: entry.value });
    }
  }
  return result;
}

// --- names and addresses ---------------------------------------------------

function splitHosts(hostnames: string[], ipAddresses: string[]): RequestedNames {
  const ips = [...ipAddresses];
  const names: string[] = [];
  for (const h of hostnames) {
    // An IP passed as a hostname would be useless as a DNS SAN; clients match it only as an IP SAN.
    if (net.isIP(stripBrackets(h)) !== 0) ips.push(stripBrackets(h));
    else names.push(h);
  }
  return { hostnames: uniqueHostnames(names), ipAddresses: uniqueIps(ips) };
}

function uniqueHostnames(names: string[]): string[] {
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase().replace(/\.$/, '');
    if (name !== '' && !out.includes(name)) out.push(name);
  }
  return out;
}

function uniqueIps(ips: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of ips) {
    const ip = stripBrackets(raw.trim()).replace(/%.*$/, '');
    const key = ipToBytes(ip).toString('hex');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(ip);
    }
  }
  return out;
}

function stripBrackets(value: string): string {
  return value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
}

function ipToBytes(ip: string): Buffer {
  const version = net.isIP(ip);
  if (version === 4) return Buffer.from(ip.split('.').map(Number));
  if (version !== 6) throw new Error(`TLS: "${ip}" is not a valid IPv4 or IPv6 address.`);

  let text = ip;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...restGroups];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

// --- keys, serials, files --------------------------------------------------

function generateRsaKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function forgePublicKey(privateKeyPem: string): forge.pki.PublicKey {
  return forge.pki.publicKeyFromPem(createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString());
}

function isUsableRsaKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa';
  } catch {
    return false;
  }
}

function sameSpki(publicKey: ReturnType<typeof createPublicKey>, x509: X509Certificate): boolean {
  const a = publicKey.export({ type: 'spki', format: 'der' });
  const b = x509.publicKey.export({ type: 'spki', format: 'der' });
  return a.equals(b);
}

function randomSerialHex(): string {
  const bytes = randomBytes(16);
  // Clear the sign bit (positive INTEGER) and set the next one so DER never needs a
  // leading zero byte and the serial stays exactly 16 bytes long.
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (isRecord(err) && err.code === 'ENOENT') return undefined;
    throw err;
  }
}

function writeAtomic(file: string, data: string, mode: number): void {
  commitTemp(writeTemp(file, data, mode), file);
}

function writeTemp(file: string, data: string, mode: number): string {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    // The umask could otherwise widen or narrow the requested permissions.
    fs.fchmodSync(fd, mode);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  return tmp;
}

function commitTemp(tmp: string, file: string): void {
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(path.dirname(file));
}

function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Directory fsync is unsupported on Windows; the rename itself is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
