import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { X509Certificate } from 'node:crypto';
import { startBitrix24Sandbox } from '../../sandbox/bitrix24/server';

describe('HTTPS listener with a generated self-signed certificate', () => {
  test('serves the same API over HTTPS, trusted through the generated cert; cert is reused', async () => {
    const certDir = mkdtempSync(path.join(tmpdir(), 'b24-https-'));
    const sandbox = await startBitrix24Sandbox({
      port: 0,
      httpsPort: 0,
      certDir,
      rateLimit: { enabled: false, ratePerSecond: 2, bucketSize: 50 },
    });
    try {
      assert.ok(sandbox.httpsUrl && sandbox.httpsWebhookUrl && sandbox.certPath);
      assert.equal(sandbox.certPath, path.join(certDir, 'cert.pem'));
      const pem = readFileSync(sandbox.certPath, 'utf8');
      const x509 = new X509Certificate(pem);
      assert.ok(
        x509.checkIP('127.0.0.1') && x509.checkHost('localhost'),
        'SAN covers 127.0.0.1 and localhost',
      );

      const trusted = new Agent({ connect: { ca: pem } });
      const res = await request(`${sandbox.httpsWebhookUrl}crm.type.list.json`, { dispatcher: trusted });
      assert.equal(res.statusCode, 200);
      const body = (await res.body.json()) as { result: { types: Array<{ entityTypeId: number }> } };
      assert.equal(body.result.types[0]?.entityTypeId, 1038);

      const localhost = await request(
        `${sandbox.httpsWebhookUrl?.replace('127.0.0.1', 'localhost')}crm.type.list`,
        {
          dispatcher: trusted,
        },
      );
      assert.equal(localhost.statusCode, 200);
      await localhost.body.text();

      // Without the CA the TLS handshake is refused: the certificate really is self-signed.
      await assert.rejects(request(`${sandbox.httpsWebhookUrl}crm.type.list`, { dispatcher: new Agent() }));
      await trusted.close();
    } finally {
      await sandbox.close();
    }
    const modified = statSync(path.join(certDir, 'cert.pem')).mtimeMs;
    const again = await startBitrix24Sandbox({ port: 0, httpsPort: 0, certDir });
    try {
      assert.equal(statSync(path.join(certDir, 'cert.pem')).mtimeMs, modified, 'existing certificate reused');
      assert.equal(
        readFileSync(again.certPath ?? '', 'utf8'),
        readFileSync(path.join(certDir, 'cert.pem'), 'utf8'),
      );
    } finally {
      await again.close();
    }
  });

  test('httpsPort: false runs HTTP only', async () => {
    const sandbox = await startBitrix24Sandbox({ port: 0, httpsPort: false, seed: false });
    try {
      assert.equal(sandbox.httpsUrl, undefined);
      assert.equal(sandbox.certPath, undefined);
      const res = await fetch(`${sandbox.webhookUrl}crm.type.list`);
      assert.deepEqual(((await res.json()) as { result: { types: unknown[] } }).result.types, []);
    } finally {
      await sandbox.close();
    }
  });
});
