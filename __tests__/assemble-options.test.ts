// What assemble refuses is decided once (checkAssembleOptions, src/pipeline/assemble.ts) and worded
// by each front door: `modelbake assemble` in flags, the Action's `mode: assemble` in inputs.
import { checkModeInputs } from '../src/action/assemble.js'
import { parseDestination } from '../src/destinations/index.js'
import { assemble, checkAssembleOptions, type AssembleOptions } from '../src/pipeline/assemble.js'
import type { Logger } from '../src/report/logger.js'

const ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'not-a-secret',
  AWS_REGION: 'us-east-1',
  RUNNER_TOOL_CACHE: '/tmp/toolcache'
}

test.each([
  [{ to: [] }, { refusal: 'destinations', count: 0 }],
  [{ to: ['', ' '] }, { refusal: 'destinations', count: 0 }],
  [{ to: ['volume:/a', 's3://b/p'] }, { refusal: 'destinations', count: 2 }],
  [{ to: ['oci:/tmp/x'] }, { refusal: 'destination', destination: 'oci:/tmp/x' }],
  [
    { to: ['tool-cache'], shards: 2 },
    { refusal: 'destination', destination: 'tool-cache' }
  ],
  [
    { to: ['docker://r.example/m:v1'] },
    { refusal: 'shards', destination: 'docker://r.example/m:v1' }
  ],
  [{ to: ['volume:/a'], offline: true }, { refusal: 'offline' }],
  [{ to: [' volume:/a ', ''] }, undefined],
  [{ to: ['s3://b/p'] }, undefined],
  [{ to: ['docker://r.example/m:v1'], shards: 3 }, undefined]
])('checkAssembleOptions(%j)', (options, expected) => {
  expect(checkAssembleOptions(options)).toEqual(expected)
})

test('assemble takes exactly the destinations that the jobs of a matrix share', () => {
  const names = [
    'volume:/tmp/v',
    's3://bucket/prefix',
    'docker://r.example/m:v1',
    'oci:/tmp/x',
    'docker-archive:/tmp/x.tar',
    'tool-cache',
    'gha-cache'
  ]
  for (const name of names) {
    const destination = parseDestination(name, { env: ENV })
    const refusal = checkAssembleOptions({ to: [destination.name], shards: 2 })
    expect({ name, assembled: refusal === undefined }).toEqual({
      name,
      assembled: destination.sharding !== undefined
    })
  }
})

test.each([
  [
    'oci:/tmp/x',
    {},
    'assemble cannot publish to oci:/tmp/x',
    '`mode: assemble` cannot write to oci:/tmp/x'
  ],
  [
    'docker://r.example/m:v1',
    {},
    'assemble --to docker://r.example/m:v1 needs --shards N',
    '`mode: assemble` to docker://r.example/m:v1 needs the `shards` input'
  ],
  [
    'volume:/tmp/v',
    { offline: true },
    'assemble needs the commits’ listings from the Hub',
    '`mode: assemble` reads the commits’ listings from the Hub'
  ]
])(
  '%s %j: refused by the CLI and the Action alike, each in its terms',
  async (to, extra, cli, action) => {
    const destinations = [parseDestination(to, { env: ENV })]
    const options = { destinations, ...extra } as unknown as AssembleOptions
    await expect(assemble(options, { logger: {} as Logger })).rejects.toThrow(cli)
    expect(() => checkModeInputs('assemble', { to: [to], ...extra })).toThrow(action)
  }
)
