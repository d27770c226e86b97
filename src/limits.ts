import * as z from 'zod'

// The rate limits, per minute, and how each runtime reads them from its environment.

export type Limits = { sessionsPerMinute: number; answersPerMinute: number; signInsPerMinute: number }
export const defaultLimits: Limits = { sessionsPerMinute: 30, answersPerMinute: 60, signInsPerMinute: 10 }

export const limitVariables = {
  sessionsPerMinute: 'RATE_LIMIT_SESSIONS',
  answersPerMinute: 'RATE_LIMIT_ANSWERS',
  signInsPerMinute: 'RATE_LIMIT_SIGN_INS',
} as const satisfies Record<keyof Limits, string>

/** A mistake in the configuration: its message names the setting and is safe to show. */
export class ConfigError extends Error {}

// Digits only: Number() would also read '0x10' as 16 and '1e2' as 100.
const PerMinute = z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().positive())

/**
 * The limits from RATE_LIMIT_* variables; an unset or empty one keeps its default. A value that is
 * not a whole number above 0 stops the start with a ConfigError rather than falling back: a typo in
 * a limit would otherwise leave the default in force without anyone noticing.
 */
export function limitsFromEnv(env: Record<string, unknown>): Limits {
  const limits = { ...defaultLimits }
  for (const [limit, variable] of Object.entries(limitVariables) as [keyof Limits, string][]) {
    // Workers hand a [vars] entry written as a TOML number (RATE_LIMIT_ANSWERS = 60) over as a number.
    const value = env[variable]
    const raw = value === undefined || value === null ? '' : String(value).trim()
    if (!raw) continue
    const parsed = PerMinute.safeParse(raw)
    if (!parsed.success) throw new ConfigError(`${variable} must be a whole number above 0 (requests per minute), not "${raw.slice(0, 40)}"`)
    limits[limit] = parsed.data
  }
  return limits
}
