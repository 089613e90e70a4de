import { useEffect } from 'react';

/**
 * Keyboard-wedge card readers "type" a card's UID and press Enter. A person cannot type that fast:
 * a burst of hex digits with short gaps, ended by Enter, is a card tap; anything slower is not.
 */
export interface WedgeOptions {
  /** Longest pause between two keystrokes of one burst. */
  maxGapMs?: number;
}

const HEX = /^[0-9a-fA-F]$/;
/** 4, 7 or 10 bytes: ISO 14443 single, double and triple size UIDs. */
const UID_LENGTHS = new Set([8, 14, 20]);

export class WedgeBuffer {
  private chars = '';
  private last = -Infinity;
  private readonly maxGapMs: number;

  constructor(o: WedgeOptions = {}) {
    this.maxGapMs = o.maxGapMs ?? 60;
  }

  /** Feeds one key; returns the UID (upper-case hex) when a burst ends with Enter. */
  key(key: string, at: number): string | null {
    if (at - this.last > this.maxGapMs) this.chars = '';
    this.last = at;
    if (key === 'Enter') {
      const uid = this.chars.toUpperCase();
      this.chars = '';
      return UID_LENGTHS.has(uid.length) ? uid : null;
    }
    // some readers separate bytes with ':' or '-' or spaces
    if (key === ':' || key === '-' || key === ' ') return null;
    if (HEX.test(key) && this.chars.length < 20) this.chars += key;
    else this.chars = '';
    return null;
  }
}

/** Listens for wedge bursts on the whole page (no text field) while enabled. */
export function useKeyboardWedge(enabled: boolean, onUid: (uid: string) => void): void {
  useEffect(() => {
    if (!enabled) return;
    const buffer = new WedgeBuffer();
    const handler = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const uid = buffer.key(e.key, e.timeStamp);
      if (uid) {
        e.preventDefault();
        onUid(uid);
      }
    };
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, [enabled, onUid]);
}
