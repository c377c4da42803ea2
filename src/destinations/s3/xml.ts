// The few fields modelbake reads from S3's XML answers. S3's documents are flat and machine-written;
// a small extractor with entity decoding is enough and avoids a parser dependency.

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16))
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10))
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity]!
  })
}

/** The text of every `<tag>…</tag>` (no nesting of the same tag), decoded. */
export function xmlValues(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g')
  return [...xml.matchAll(re)].map((m) => decodeXml(m[1]))
}

export function xmlValue(xml: string, tag: string): string | undefined {
  return xmlValues(xml, tag)[0]
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}
