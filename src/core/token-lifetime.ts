// When to replace a short-lived Hub token (Trusted Publishers, src/hub/oidc.ts). Pure: the clock is
// passed in. A token is renewed once what is left of it falls to 5 minutes, or to a fifth of its
// lifetime when that is shorter (an hour's token at 55 minutes, a 2-second test token at 1.6 s), so
// that requests started just before never carry an expired one.

/** Renew when this little of a token's life is left, at most. */
export const RENEW_MARGIN_MS = 5 * 60_000
/** ... or this share of its lifetime, for tokens that live less than 25 minutes. */
export const RENEW_FRACTION = 0.2

export interface TokenLifetime {
  /** When the exchange was asked for (ms): the Hub counts `expires_in` from its answer, later. */
  obtainedAt: number
  /** `expires_in` of the exchange's answer, in seconds; undefined when the Hub gave none. */
  expiresIn?: number
}

/** The time (ms) at which the token expires; Infinity when the Hub did not say. */
export function expiresAt({ obtainedAt, expiresIn }: TokenLifetime): number {
  if (expiresIn === undefined || !Number.isFinite(expiresIn) || expiresIn <= 0) return Infinity
  return obtainedAt + expiresIn * 1000
}

/** The time (ms) from which a new token should be fetched; Infinity when the lifetime is unknown. */
export function renewAt(lifetime: TokenLifetime): number {
  const end = expiresAt(lifetime)
  if (end === Infinity) return Infinity
  const span = end - lifetime.obtainedAt
  return end - Math.min(RENEW_MARGIN_MS, span * RENEW_FRACTION)
}

/** Whether a request starting at `now` should wait for a new token first. */
export function isRenewDue(lifetime: TokenLifetime, now: number): boolean {
  return now >= renewAt(lifetime)
}
