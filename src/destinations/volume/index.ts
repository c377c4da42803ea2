// `volume:DIR` → a VolumeDestination. DIR is a hub cache root (what workers set as HF_HUB_CACHE),
// e.g. volume:/runpod-volume/huggingface-cache/hub.
import { resolve } from 'node:path'
import { expandUser } from '../../core/cache-dir.js'
import { UsageError } from '../../core/errors.js'
import type { DestinationOptions } from '../registry.js'
import { VolumeDestination } from './volume.js'

export { VolumeDestination, type VolumeOptions } from './volume.js'

export function createVolumeDestination(
  target: string,
  options: DestinationOptions
): VolumeDestination {
  const dir = target.trim()
  if (dir === '') {
    throw new UsageError('volume: needs a folder', {
      hint: 'use volume:DIR with the hub cache folder of the volume, e.g. volume:/runpod-volume/huggingface-cache/hub'
    })
  }
  return new VolumeDestination(resolve(expandUser(dir, options.env, 'The volume folder')), {
    prune: options.prune === true
  })
}
