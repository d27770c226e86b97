import { describe, expect, it } from 'vitest'
import { ConfigError, defaultLimits, limitsFromEnv } from '../src/limits'

describe('rate limits from the environment', () => {
  it('keeps the defaults for unset or empty variables', () => {
    expect(limitsFromEnv({})).toEqual(defaultLimits)
    expect(limitsFromEnv({ RATE_LIMIT_SESSIONS: '', RATE_LIMIT_ANSWERS: '  ' })).toEqual(defaultLimits)
  })

  it('reads each limit from its own variable', () => {
    expect(limitsFromEnv({ RATE_LIMIT_SESSIONS: '5', RATE_LIMIT_ANSWERS: ' 120 ', RATE_LIMIT_SIGN_INS: '3' }))
      .toEqual({ sessionsPerMinute: 5, answersPerMinute: 120, signInsPerMinute: 3 })
  })

  it('takes a number as well, as Workers pass a [vars] entry written without quotes', () => {
    expect(limitsFromEnv({ RATE_LIMIT_ANSWERS: 120 }).answersPerMinute).toBe(120)
    expect(() => limitsFromEnv({ RATE_LIMIT_ANSWERS: 0 })).toThrow('RATE_LIMIT_ANSWERS must be a whole number above 0 (requests per minute), not "0"')
    expect(() => limitsFromEnv({ RATE_LIMIT_ANSWERS: true })).toThrow(ConfigError)
  })

  it('refuses anything but a whole number above 0, naming the variable and the value', () => {
    for (const bad of ['0', '-3', '2.5', 'ten', '10/min', 'Infinity', '0x10', '1e2', '+5']) {
      expect(() => limitsFromEnv({ RATE_LIMIT_ANSWERS: bad })).toThrow(ConfigError)
      expect(() => limitsFromEnv({ RATE_LIMIT_ANSWERS: bad })).toThrow(`RATE_LIMIT_ANSWERS must be a whole number above 0 (requests per minute), not "${bad}"`)
    }
  })
})
