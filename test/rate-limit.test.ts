import { describe, expect, it } from 'vitest'
import { rateLimiter } from '../src/rate-limit'

describe('a token bucket', () => {
  it('allows a burst up to its capacity, then asks to wait until a token is back', () => {
    let now = 0
    const limiter = rateLimiter({ capacity: 3, perSeconds: 60 }, () => now)
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0])
    expect(limiter.take('a')).toBe(20)
    expect(limiter.take('b')).toBe(0)
    now += 20_000
    expect(limiter.take('a')).toBe(0)
    expect(limiter.take('a')).toBeGreaterThan(0)
  })
  it('neither drains nor refills when the clock steps back', () => {
    let now = 100_000
    const limiter = rateLimiter({ capacity: 2, perSeconds: 60 }, () => now)
    expect(limiter.take('a')).toBe(0)
    now -= 60_000
    expect(limiter.take('a')).toBe(0)
    expect(limiter.take('a')).toBe(30)
  })
  it('forgets the least recently used keys past its size', () => {
    const limiter = rateLimiter({ capacity: 1, perSeconds: 60 }, () => 0, 2)
    limiter.take('a')
    limiter.take('b')
    limiter.take('c')
    expect(limiter.take('a')).toBe(0)
  })
})
