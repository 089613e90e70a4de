import type { DeviceRole } from '../protocol/devices';
import { type DeviceRegistry, type IssuedCode } from './devices';

/** How a pairing code is printed: the code, where to enter it, until when. */
export function describeCode(code: IssuedCode, origin: string): string[] {
  const until = new Date(code.expiresAt).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' });
  return [
    `  Kopplungscode / pairing code:  ${code.code}   (${code.label}, gültig bis / valid until ${until})`,
    `  Auf dem Gerät öffnen / open on the device:  ${origin}/pair?code=${code.code}`,
  ];
}

/**
 * A fresh install has no enrolled devices, and only an enrolled clerk device can make pairing
 * codes: so at start, when there is no active clerk (or chair) device, the server makes a code
 * for one and prints it. Without these two nobody could run the session from a fresh install.
 */
export function bootstrapPairing(registry: DeviceRegistry, origin: string): string[] {
  const lines: string[] = [];
  const roles: { role: Extract<DeviceRole, 'clerk' | 'chair'>; label: string }[] = [
    { role: 'clerk', label: 'Schriftführung' },
    { role: 'chair', label: 'Sitzungsleitung' },
  ];
  for (const { role, label } of roles) {
    if (registry.hasActive(role)) continue;
    const code = registry.issueCode({ role }, label, { by: 'server start' });
    if (lines.length === 0) {
      lines.push(
        'Einrichtung / set-up: noch kein Gerät für diese Rolle eingerichtet; mit diesem Code einrichten (PIN wird dabei festgelegt).',
        '                      no device enrolled for this role yet; enrol one with this code (a PIN is chosen on pairing).',
      );
    }
    lines.push(`${label} / ${role}:`, ...describeCode(code, origin));
  }
  return lines;
}
