import { describe, expect, it } from 'vitest'
import { mulberry32, normal, sample, seedFrom, shuffle } from '../../src/engine/random.js'

describe('random', () => {
  it('mulberry32 is reproducible, in [0, 1), and roughly uniform', () => {
    const a = mulberry32(123)
    const b = mulberry32(123)
    const xs = Array.from({ length: 10_000 }, () => a())
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(xs)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1)
    expect(mulberry32(124)()).not.toBe(mulberry32(123)())
  })

  it('seedFrom gives the same seed for the same text', () => {
    expect(seedFrom('session-1')).toBe(seedFrom('session-1'))
    expect(seedFrom('session-1')).not.toBe(seedFrom('session-2'))
  })

  it('shuffle and sample permute without loss, reproducibly', () => {
    const items = Array.from({ length: 20 }, (_, i) => i)
    const s = shuffle(items, mulberry32(1))
    expect([...s].sort((x, y) => x - y)).toEqual(items)
    expect(shuffle(items, mulberry32(1))).toEqual(s)
    const picked = sample(items, 5, mulberry32(2))
    expect(picked).toHaveLength(5)
    expect(new Set(picked).size).toBe(5)
    expect(sample(items, 50, mulberry32(2))).toHaveLength(20)
  })

  it('normal draws have mean 0 and sd 1', () => {
    const r = mulberry32(5)
    const xs = Array.from({ length: 20_000 }, () => normal(r))
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length)
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(sd - 1)).toBeLessThan(0.03)
  })
})
