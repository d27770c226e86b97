// Token buckets kept in memory: per process on Node, per isolate on Workers (there it is a first
// line of defence; a global limit belongs in Cloudflare's rate-limiting rules in front).

export type Limit = { capacity: number; perSeconds: number }

export function rateLimiter({ capacity, perSeconds }: Limit, now: () => number = Date.now, maxKeys = 100_000) {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const refillPerMs = capacity / (perSeconds * 1000)
  return {
    /** Takes one token for `key`: 0 when allowed, else the seconds to wait. */
    take(key: string): number {
      const t = now()
      const b = buckets.get(key) ?? { tokens: capacity, at: t }
      // A clock stepped back (NTP) refills nothing rather than draining the bucket below zero.
      b.tokens = Math.min(capacity, b.tokens + Math.max(0, t - b.at) * refillPerMs)
      b.at = t
      // Re-insert so the Map's order is least recently used first, for the trim below.
      buckets.delete(key)
      buckets.set(key, b)
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!)
      if (b.tokens >= 1) {
        b.tokens -= 1
        return 0
      }
      return Math.ceil((1 - b.tokens) / refillPerMs / 1000)
    },
  }
}
export type RateLimiter = ReturnType<typeof rateLimiter>
