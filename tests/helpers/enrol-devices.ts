/**
 * Enrols devices into a registry file and prints their ids and credentials as JSON: for servers
 * whose data folder lives in another mount namespace (run through nsenter; SQLite would resolve a
 * /proc/<pid>/root path back into this namespace).  stdin: [{ target, label, pin? }]
 */
import { readFileSync } from 'node:fs';
import { DeviceRegistry } from '../../server/security/devices';
import type { PairingTarget } from '../../server/protocol/devices';

const file = process.argv[2];
if (!file) throw new Error('usage: enrol-devices.ts DEVICES_DB < entries.json');
const entries = JSON.parse(readFileSync(0, 'utf8')) as { target: PairingTarget; label: string; pin?: string }[];
const registry = DeviceRegistry.open(file);
try {
  const made = registry.enrolDirectly(entries, 'test');
  process.stdout.write(JSON.stringify(made.map((m) => ({ id: m.device.id, token: m.token }))));
} finally {
  registry.close();
}
