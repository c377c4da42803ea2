// The baseline a JavaScript user would pick: @huggingface/hub's snapshotDownload, as documented,
// pointed at the local hub. Run as its own process by the benchmark, like every client.
// Usage: node hfjs-snapshot.js REPO HUB_URL CACHE_DIR
import { snapshotDownload } from '@huggingface/hub'

const [repo, hubUrl, cacheDir] = process.argv.slice(2)
if (!repo || !hubUrl || !cacheDir) {
  console.error('usage: hfjs-snapshot REPO HUB_URL CACHE_DIR')
  process.exit(2)
}
const snapshot = await snapshotDownload({ repo, hubUrl, cacheDir })
console.error(`hfjs-snapshot: ${snapshot}`)
