// When a short-lived Hub token is renewed: 5 minutes before its expiry, or at 80% of its lifetime
// when that is later (short tokens), never when the Hub did not say how long it lives.
import { expiresAt, isRenewDue, renewAt } from '../src/core/token-lifetime.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const MIN = 60_000

test.each([
  ['the Hub’s hour: 5 minutes before the end', 3600, T0 + 55 * MIN],
  ['a day: still 5 minutes before the end', 86_400, T0 + 86_400_000 - 5 * MIN],
  ['25 minutes: both rules agree', 1500, T0 + 20 * MIN],
  ['10 minutes: at 80%', 600, T0 + 8 * MIN],
  ['2 seconds: at 1.6 s', 2, T0 + 1600],
  ['half a second', 0.5, T0 + 400]
])('%s', (_name, expiresIn, expected) => {
  expect(renewAt({ obtainedAt: T0, expiresIn })).toBe(expected)
  expect(expiresAt({ obtainedAt: T0, expiresIn })).toBe(T0 + expiresIn * 1000)
})

test.each([undefined, 0, -5, NaN, Infinity])(
  'expires_in %p: no expiry known, never due (a 401 renews instead)',
  (expiresIn) => {
    expect(renewAt({ obtainedAt: T0, expiresIn })).toBe(Infinity)
    expect(expiresAt({ obtainedAt: T0, expiresIn })).toBe(Infinity)
    expect(isRenewDue({ obtainedAt: T0, expiresIn }, T0 + 10 * 365 * 86_400_000)).toBe(false)
  }
)

test('due from the renewal time on, not a millisecond before', () => {
  const hour = { obtainedAt: T0, expiresIn: 3600 }
  expect(isRenewDue(hour, T0)).toBe(false)
  expect(isRenewDue(hour, T0 + 55 * MIN - 1)).toBe(false)
  expect(isRenewDue(hour, T0 + 55 * MIN)).toBe(true)
  // Past the expiry itself, still due (the run was idle, or the clock jumped).
  expect(isRenewDue(hour, T0 + 2 * 3600_000)).toBe(true)
  // A clock that went backwards does not renew early.
  expect(isRenewDue(hour, T0 - MIN)).toBe(false)
})
