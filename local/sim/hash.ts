// Deterministic pseudo-randomness: every duration, id and size in the simulation is a hash of the seed and a key,
// so the same plan and seed always produce the same drill.
import { createHash } from 'node:crypto';

export class SimRandom {
  constructor(private readonly seed: string) {}

  /** A number in [0, 1) determined by the seed and the key parts. */
  unit(...key: string[]): number {
    const digest = createHash('sha256').update(`${this.seed}\u0000${key.join('\u0000')}`).digest();
    return digest.readUInt32BE(0) / 0x1_0000_0000;
  }

  /** A number in [min, max) determined by the key. */
  between(min: number, max: number, ...key: string[]): number {
    return min + (max - min) * this.unit(...key);
  }

  /** Whole minutes in [min, max], as milliseconds. */
  minutes(min: number, max: number, ...key: string[]): number {
    return Math.round(this.between(min, max, ...key) * 60) * 1000;
  }

  int(min: number, max: number, ...key: string[]): number {
    return Math.floor(this.between(min, max + 1, ...key));
  }

  hex(length: number, ...key: string[]): string {
    let out = '';
    for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${this.seed}\u0000${key.join('\u0000')}\u0000${i}`).digest('hex');
    return out.slice(0, length);
  }

  /** An upper-case UUID-shaped id, like AWS Backup's job ids. */
  uuid(...key: string[]): string {
    const h = this.hex(32, ...key).toUpperCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
