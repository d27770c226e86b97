/**
 * Small seeded randomness so that a session (and a simulation) can be replayed exactly.
 * Not for anything secret: use crypto for ids and tokens.
 */

export type Random = () => number

/** mulberry32: a 32-bit state generator of numbers in [0, 1); fast and good enough for sampling. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A 32-bit seed from a string (FNV-1a), e.g. from a session id. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A shuffled copy (Fisher-Yates). */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)))
    const tmp = out[i]!
    out[i] = out[j]!
    out[j] = tmp
  }
  return out
}

/** `count` distinct items drawn at random (a partial Fisher-Yates), in draw order. */
export function sample<T>(items: readonly T[], count: number, random: Random): T[] {
  const out = items.slice()
  const n = Math.min(Math.max(0, Math.floor(count)), out.length)
  for (let i = 0; i < n; i++) {
    const j = Math.min(out.length - 1, i + Math.floor(random() * (out.length - i)))
    const tmp = out[i]!
    out[i] = out[j]!
    out[j] = tmp
  }
  return out.slice(0, n)
}

/** A standard normal draw (Box-Muller). */
export function normal(random: Random): number {
  let u = random()
  while (u <= 0) u = random()
  const v = random()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}
