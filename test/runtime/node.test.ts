import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startServer } from '../e2e/server'

// The Node entry as `npm start` runs it, on a real port.

describe('starting with a bad setting', () => {
  it('stops before opening anything, naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'levelset-node-'))
    try {
      const started = await startServer({ RATE_LIMIT_SESSIONS: 'lots' }, { dir, dbUrl: `file:${join(dir, 'never.db')}` }).catch((e: Error) => e)
      if (!(started instanceof Error)) await started.stop('keep') // a server that should not have started
      expect(started).toBeInstanceOf(Error)
      expect((started as Error).message).toMatch(/exited with 1:\nLevelset cannot start: RATE_LIMIT_SESSIONS must be a whole number above 0 \(requests per minute\), not "lots"/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
