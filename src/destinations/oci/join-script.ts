// The script that rebuilds blobs too large for one layer. Pure: text in, text out.
//
// Why a script: an image layer is a tar whose entries replace whole files in the layers below. No
// entry type appends to a file, or writes at an offset of one (overlayfs, containerd, umoci and
// buildah all apply layers that way), so a file cut into layers cannot come back together by being
// unpacked: something has to concatenate the parts once, after the pull. Any layer that held the
// joined file would itself exceed the limit, so it cannot be done at build time either.
//
// The parts sit under <image-path>/.modelbake/parts/<folder>/<etag>/. The snapshot link of the file
// points at blobs/<etag>, which is absent until the script runs: a loader fails loudly on the
// dangling link instead of reading a partial file. The script needs only a POSIX shell, cat, mv,
// rm and wc; it checks the size, and the sha256 when sha256sum exists; a second run does nothing.
import type { SplitBlob } from './layer-plan.js'

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

export function joinScript(splits: SplitBlob[], modelbakeVersion: string): string {
  const calls = splits.map((split) => {
    const parts = split.parts.map((p) => `"$hub"/${quote(p)}`).join(' \\\n    ')
    return [
      `# ${split.label}: ${split.paths.join(', ').replace(/\n/g, ' ')}`,
      `join_blob ${quote(split.folder)} ${quote(split.etag)} ${split.size} ${quote(split.sha256 ?? '')} \\`,
      `    ${parts}`
    ].join('\n')
  })
  return `#!/bin/sh
# Written by modelbake ${modelbakeVersion}. Some files were larger than the image's layer size limit,
# so the image holds them in parts, one layer each: layers replace whole files, so no image tool can
# join them. Run this once, after the image is pulled and before the Hugging Face cache is read:
#   sh <image-path>/${'.modelbake/join.sh'}
# It writes each blob next to the others (so the cache folder must be writable), checks its size
# (and its sha256 when sha256sum is available), then removes the parts. Running it again is a no-op.
set -eu
hub=$(cd "$(dirname "$0")/.." && pwd)

join_blob() {
  folder=$1 etag=$2 size=$3 sha=$4
  shift 4
  target="$hub/$folder/blobs/$etag"
  if [ -f "$target" ] && [ "$(wc -c < "$target")" -eq "$size" ]; then
    return 0
  fi
  mkdir -p "$hub/$folder/blobs"
  tmp="$target.modelbake-join.$$"
  trap 'rm -f "$tmp"' EXIT
  cat "$@" > "$tmp"
  got=$(wc -c < "$tmp")
  if [ "$got" -ne "$size" ]; then
    echo "modelbake join: $folder/blobs/$etag has $got bytes, expected $size" >&2
    exit 1
  fi
  if [ -n "$sha" ] && command -v sha256sum > /dev/null 2>&1; then
    if ! echo "$sha  $tmp" | sha256sum -c - > /dev/null 2>&1; then
      echo "modelbake join: $folder/blobs/$etag does not match its sha256" >&2
      exit 1
    fi
  fi
  mv -f "$tmp" "$target"
  trap - EXIT
  rm -rf "$hub/.modelbake/parts/$folder/$etag" 2> /dev/null || true
  echo "modelbake join: $folder/blobs/$etag ($size bytes)"
}

${calls.join('\n\n')}
`
}
