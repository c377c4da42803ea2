// Sizes as people write them in flags and inputs. Pure.

/** `64MiB`, `500MB`, `1G`, `8388608` → bytes (K/M/G/T are binary, as in the AWS CLI's config). */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text)
  if (!match) return undefined
  const unit = { '': 0, k: 1, m: 2, g: 3, t: 4 }[
    match[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'
  ]
  const decimal = match[3] !== undefined && match[3].toLowerCase() === 'b' && match[2] !== ''
  const value = Number(match[1]) * (decimal ? 1000 : 1024) ** unit
  return Number.isFinite(value) ? Math.round(value) : undefined
}
