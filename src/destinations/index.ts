// Every destination modelbake knows. Importing this module registers them.
import './oci/index.js'
import { registerDestination } from './registry.js'
import { createS3Destination } from './s3/index.js'
import { createToolCacheDestination } from './tool-cache/index.js'
import { createGhaCacheDestination } from './gha-cache/index.js'
import { createVolumeDestination } from './volume/index.js'

export { parseDestination, registerDestination, knownSchemes } from './registry.js'
export type { Destination, DestinationReport, PublishContext } from './destination.js'

registerDestination('volume:', createVolumeDestination)
registerDestination('s3://', createS3Destination)
registerDestination('tool-cache', createToolCacheDestination)
registerDestination('gha-cache', createGhaCacheDestination)
