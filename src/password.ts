// Password hashing with PBKDF2-HMAC-SHA256 through WebCrypto, so it runs on Node and on Workers.
// 100,000 iterations: the most workerd's WebCrypto accepts. The count is stored in each hash so it
// can be raised later without breaking old hashes.

export const iterations = 100_000
const encoder = new TextEncoder()
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, rounds: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: rounds }, key, 256)
  return new Uint8Array(bits)
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  return `pbkdf2-sha256$${iterations}$${b64(salt)}$${b64(await derive(password, salt, iterations))}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, rounds, salt, hash] = stored.split('$')
  if (scheme !== 'pbkdf2-sha256' || !rounds || !salt || !hash) return false
  const actual = await derive(password, unb64(salt), Number(rounds))
  const expected = unb64(hash)
  // Constant time over the whole hash, so the comparison leaks nothing about where they differ.
  let diff = actual.length ^ expected.length
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ (expected[i] ?? 0)
  return diff === 0
}

/** A random token (256 bits, base64url) for cookies and API tokens, and the SHA-256 we store instead. */
export function newToken(): string {
  return b64(crypto.getRandomValues(new Uint8Array(32))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
export async function tokenHash(token: string): Promise<string> {
  return b64(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(token))))
}
