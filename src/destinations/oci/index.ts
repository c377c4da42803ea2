// Image destinations: `oci:`, `docker-archive:`, `docker://` (skopeo's transport names).
import { registerDestination } from '../registry.js'
import { ociDestination } from './destination.js'

registerDestination('oci:', (target, options) => ociDestination('oci', target, options))
registerDestination('docker-archive:', (target, options) =>
  ociDestination('docker-archive', target, options)
)
registerDestination('docker://', (target, options) => ociDestination('docker', target, options))
