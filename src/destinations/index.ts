// Every destination modelbake knows. Importing this module registers them.
export { parseDestination, registerDestination, knownSchemes } from './registry.js'
export type { Destination, DestinationReport, PublishContext } from './destination.js'
