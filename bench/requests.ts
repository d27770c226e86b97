/**
 * How many requests to list for each autocannon connection of the quiz phase. autocannon resets a
 * connection's context when it wraps around its list, so one taker keeps its session only while the
 * list lasts; the bare route's count per connection, measured first on the same server, is more than
 * a taker can send in the same time. A longer list only costs: autocannon deep-copies it for every
 * connection, one after another, before anything is sent, and each connection's 10 s timeout runs
 * from its own copy. 100 connections of 100,000 requests took 7 to 15 s, so the first connections
 * timed out before their first request went out.
 */
export function requestsPerTaker(bareRequests: number, takers: number): number {
  return Math.max(1, Math.ceil(bareRequests / takers))
}
