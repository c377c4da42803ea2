// A self-signed certificate for a test server (openssl, as CI installs it).
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

export interface Certificate {
  keyPath: string
  certPath: string
  key: string
  cert: string
}

/** `<name>.key` and `<name>.crt` in `dir`, for `commonName` (and `dnsName` as its subject alt name). */
export async function selfSignedCertificate(
  dir: string,
  name: string,
  commonName: string,
  dnsName?: string
): Promise<Certificate> {
  const keyPath = join(dir, `${name}.key`)
  const certPath = join(dir, `${name}.crt`)
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${commonName}`,
    ...(dnsName ? ['-addext', `subjectAltName=DNS:${dnsName}`] : []),
    '-keyout',
    keyPath,
    '-out',
    certPath
  ])
  const [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')])
  return { keyPath, certPath, key, cert }
}
