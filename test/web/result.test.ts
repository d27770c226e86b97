import { describe, expect, it } from 'vitest'
import { minutesAndSeconds } from '../../src/web/result'

describe('the time used', () => {
  it('is rounded to the second once, then split, so that it never reads "1 min 60 s"', () => {
    expect(minutesAndSeconds(119_600)).toBe('2 min 0 s')
    expect(minutesAndSeconds(59_500)).toBe('1 min 0 s')
    expect(minutesAndSeconds(61_400)).toBe('1 min 1 s')
    expect(minutesAndSeconds(0)).toBe('0 min 0 s')
  })
})
