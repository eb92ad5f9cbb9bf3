/**
 * A small seeded PRNG (sfc32, seeded through a string hash) so the sample is byte-identical on
 * every machine; Math.random cannot be seeded.
 */
import { cyrb53 } from "../../src/model/hash.js";

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, maxInclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  hex(length: number): string;
  /** Lower-case letters and digits, like Cloud Logging insertIds. */
  alnum(length: number): string;
  uuid(): string;
  /** Exponentially distributed gap with the given mean, for Poisson arrivals. */
  exponential(mean: number): number;
}

const seedLanes = new Int32Array(2);

/** 32-bit string hash (cyrb53's first lane, src/model/hash.ts) used only to derive seeds. */
export function seedHash(text: string): number {
  cyrb53(text, seedLanes);
  return (seedLanes[0] ?? 0) >>> 0;
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

export function createRandom(seed: string): Random {
  let a = seedHash(`${seed}#a`);
  let b = seedHash(`${seed}#b`);
  let c = seedHash(`${seed}#c`);
  let d = seedHash(`${seed}#d`) | 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const int = (min: number, maxInclusive: number): number => min + Math.floor(next() * (maxInclusive - min + 1));
  const fromAlphabet = (alphabet: string, length: number): string => {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    hex: (length) => fromAlphabet(HEX, length),
    alnum: (length) => fromAlphabet(ALNUM, length),
    uuid: () => {
      const h = fromAlphabet(HEX, 32);
      const variant = HEX[8 + Math.floor(next() * 4)];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
  };
}
