import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The node flags of `npm start` (package.json), so that tests and the benchmark run the server as it does. */
const startFlags = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } })
  .scripts.start.split(' ').filter((arg) => arg.startsWith('--'))

/** The real Node entry on a temp database and a free port on 127.0.0.1, as `npm start` runs it. */
export async function startServer(env: Record<string, string> = {}, existing?: { dir: string; dbUrl: string }): Promise<{ url: string; proc: ChildProcess; dir: string; dbUrl: string; stop: (keep?: 'keep') => Promise<void> }> {
  const dir = existing?.dir ?? mkdtempSync(join(tmpdir(), 'levelset-e2e-'))
  const dbUrl = existing?.dbUrl ?? `file:${join(dir, 'e2e.db')}`
  const proc = spawn(process.execPath, [...startFlags, '--import', 'tsx', 'src/runtime/node.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LIBSQL_URL: dbUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000)
    const read = (chunk: Buffer) => {
      log += chunk
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(log)
      if (m) { clearTimeout(timer); resolve(m[1]!) }
    }
    proc.stdout!.on('data', read)
    proc.stderr!.on('data', read)
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${log}`)) })
  })
  const stop = async (keep?: 'keep') => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGTERM')
      await exited
    }
    if (!keep) rmSync(dir, { recursive: true, force: true })
  }
  return { url, proc, dir, dbUrl, stop }
}
