import { useEffect, useState } from 'react';
import { DeviceSelfResponse, PairResponse, type DeviceSelf } from '../server/protocol/devices';
import { ErrorPayload, errorPayload } from '../server/protocol/errors';

/** The browser's side of device enrolment over HTTPS (the credential itself is an httpOnly cookie). */

export type PairOutcome =
  | { ok: true; device: DeviceSelf }
  /** A chair or clerk code: choose a PIN and post again; the code was not used up. */
  | { ok: false; kind: 'pin-required' }
  | { ok: false; kind: 'refused'; error: ErrorPayload }
  | { ok: false; kind: 'unreachable' };

/** A refusal from the body, or what the status says when the body is not one (a proxy, a limiter). */
export function refusalOf(body: unknown, status: number): ErrorPayload {
  const parsed = ErrorPayload.safeParse(body);
  if (parsed.success) return parsed.data;
  if (status === 429) return errorPayload('rate-limited');
  return errorPayload('internal-error');
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

export async function pairDevice(code: string, pin?: string): Promise<PairOutcome> {
  let res: Response;
  try {
    res = await fetch('/api/pair', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      body: JSON.stringify(pin === undefined ? { code, client: 'browser' } : { code, pin, client: 'browser' }),
    });
  } catch {
    return { ok: false, kind: 'unreachable' };
  }
  const body = await readJson(res);
  if (res.ok) {
    const parsed = PairResponse.safeParse(body);
    return parsed.success ? { ok: true, device: parsed.data.device } : { ok: false, kind: 'refused', error: errorPayload('internal-error') };
  }
  const error = refusalOf(body, res.status);
  return error.code === 'pin-required' ? { ok: false, kind: 'pin-required' } : { ok: false, kind: 'refused', error };
}

export type DeviceState = { kind: 'loading' } | { kind: 'known'; device: DeviceSelf | null } | { kind: 'unreachable' };

/** What this browser is enrolled as (null: nothing, or a credential the server no longer knows). */
export async function fetchDevice(): Promise<DeviceState> {
  try {
    const res = await fetch('/api/device', { credentials: 'same-origin', cache: 'no-store' });
    const parsed = DeviceSelfResponse.safeParse(await readJson(res));
    return res.ok && parsed.success ? { kind: 'known', device: parsed.data.device } : { kind: 'unreachable' };
  } catch {
    return { kind: 'unreachable' };
  }
}

/** Forgets this browser's credential (the server clears the cookie); true when it did. */
export async function forgetDevice(): Promise<boolean> {
  try {
    const res = await fetch('/api/device/forget', { method: 'POST', credentials: 'same-origin', cache: 'no-store' });
    return res.ok;
  } catch {
    return false;
  }
}

/** What this browser is enrolled as, loaded once (null while loading or when unknown). */
export function useDeviceSelf(enabled = true): DeviceSelf | null {
  const [device, setDevice] = useState<DeviceSelf | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    void fetchDevice().then((state) => {
      if (current && state.kind === 'known') setDevice(state.device);
    });
    return () => {
      current = false;
    };
  }, [enabled]);
  return device;
}
