/**
 * Self-signed TLS certificate for the sandbox's HTTPS listener. Generated once per certDir and reused, so a
 * client can trust it permanently via NODE_EXTRA_CA_CERTS=<certDir>/cert.pem (or undici's `connect.ca`).
 * It is its own CA (cA + keyCertSign) because OpenSSL only accepts trust anchors that may sign.
 */
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface CertificateFiles {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;

async function readUsable(
  certPath: string,
  keyPath: string,
): Promise<{ cert: string; key: string } | undefined> {
  try {
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    const x509 = new X509Certificate(cert);
    const expiresAt = Date.parse(x509.validTo);
    if (Number.isNaN(expiresAt) || expiresAt - Date.now() < RENEW_BEFORE_MS) return undefined;
    if (!x509.checkIP('127.0.0.1') || !x509.checkHost('localhost')) return undefined;
    return { cert, key };
  } catch {
    return undefined;
  }
}

/** Writes via a temporary name so a concurrently starting sandbox never reads half a file. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, content, { mode: 0o600 });
  await rename(temp, file);
}

export async function ensureCertificate(certDir: string): Promise<CertificateFiles> {
  const certPath = path.resolve(certDir, 'cert.pem');
  const keyPath = path.resolve(certDir, 'key.pem');
  const existing = await readUsable(certPath, keyPath);
  if (existing) return { certPath, keyPath, ...existing };

  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 2 * 365 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  await mkdir(path.resolve(certDir), { recursive: true });
  await writeAtomically(keyPath, pems.private);
  await writeAtomically(certPath, pems.cert);
  return { certPath, keyPath, cert: pems.cert, key: pems.private };
}
