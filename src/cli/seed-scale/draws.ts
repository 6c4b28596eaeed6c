/**
 * The random draws of seed:scale: one seeded stream for values and one for ids, so the same seed
 * gives the same data. The order of the draws is the data: never reorder them.
 */
import { seededRandom } from '../vietnamese-names.js';

/** uuid v4 shaped ids drawn from their own seeded stream, so ids repeat exactly for a seed. */
function idStream(seed: number): () => string {
  const rand = seededRandom(seed ^ 0x5eed1d5);
  const hex = () =>
    Math.floor(rand() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return () => {
    const a = hex() + hex() + hex() + hex();
    const variant = ((parseInt(a[16], 16) & 0x3) | 0x8).toString(16);
    return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-${variant}${a.slice(17, 20)}-${a.slice(20, 32)}`;
  };
}

/** The seeded value and id streams, with the two draws every table uses. */
export class ScaleDraws {
  readonly rand: () => number;
  readonly id: () => string;

  constructor(seed: number) {
    this.rand = seededRandom(seed);
    this.id = idStream(seed);
  }

  chance(p: number): boolean {
    return this.rand() < p;
  }

  between(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }
}

export const pad = (n: number, width = 2) => String(n).padStart(width, '0');
export const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** A UTC instant on a calendar day at a given hour of Vietnam time (UTC+7). */
export const at = (y: number, m: number, d: number, hourVn = 9) =>
  new Date(Date.UTC(y, m - 1, d, hourVn - 7));
