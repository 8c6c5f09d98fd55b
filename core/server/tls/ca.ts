// gridhall tls init: a county CA and a server certificate it signs, for HTTPS on the hall's
// LAN (the citizen page's geolocation needs a secure origin, and passwords must not cross the
// network in clear). ECDSA P-256 with SHA-256: every browser and phone accepts it. The CA's
// key stays in the data folder (0600); staff devices trust ca.crt once, and a new server
// certificate (another address, a renewal) needs no new trust.
import 'reflect-metadata'; // @peculiar/x509's dependency injection (tsyringe) needs it loaded first
import * as x509 from '@peculiar/x509';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
/** A server certificate's life: Apple's limit for certificates of private CAs is 825 days. */
const SERVER_DAYS = 825;
const CA_DAYS = 3650;

export interface TlsFiles {
  dir: string;
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
  /** SHA-256 fingerprint of the CA certificate, to check on a device before trusting it. */
  caFingerprint: string;
  names: string[];
  createdCa: boolean;
}

async function pemKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  return await webcrypto.subtle.importKey('pkcs8', der, ALG, true, ['sign']);
}

const serial = () => randomBytes(16).toString('hex').replace(/^[89a-f]/, '1');

/** This machine's addresses on its networks (what staff devices will type or be given). */
export function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => a !== undefined && !a.internal && a.family === 'IPv4')
    .map((a) => a.address);
}

function fingerprint(cert: x509.X509Certificate): string {
  return createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex').toUpperCase().match(/../g)!.join(':');
}

/**
 * Makes (or keeps) the county CA in `<dataDir>/tls` and issues a new server certificate for
 * `names` (host names and IP addresses) plus localhost and 127.0.0.1.
 */
export async function initTls(dataDir: string, options: { names?: string[]; countyName?: string; now?: number } = {}): Promise<TlsFiles> {
  const dir = path.join(dataDir, 'tls');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = { caCert: path.join(dir, 'ca.crt'), caKey: path.join(dir, 'ca.key'), cert: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key') };
  const now = options.now ?? Date.now();
  const notBefore = new Date(now - DAY);

  let ca: x509.X509Certificate;
  let caPrivate: CryptoKey;
  const createdCa = !(existsSync(files.caCert) && existsSync(files.caKey));
  if (createdCa) {
    const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
    const label = (options.countyName ?? 'County').replace(/[^\x20-\x7e]/g, '').trim() || 'County';
    ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: `CN=Gridhall ${label} CA, O=Gridhall`,
      notBefore,
      notAfter: new Date(now + CA_DAYS * DAY),
      keys,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    caPrivate = keys.privateKey;
    writeFileSync(files.caKey, await pemKey(caPrivate), { mode: 0o600 });
    writeFileSync(files.caCert, ca.toString('pem') + '\n');
  } else {
    ca = new x509.X509Certificate(readFileSync(files.caCert, 'utf8'));
    caPrivate = await importKey(readFileSync(files.caKey, 'utf8'));
  }

  const names = [...new Set(['localhost', '127.0.0.1', ...(options.names ?? lanAddresses())])];
  const isIp = (n: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(n) || n.includes(':');
  const serverKeys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${names.find((n) => n !== 'localhost' && n !== '127.0.0.1') ?? 'localhost'}`,
    issuer: ca.subject,
    notBefore,
    notAfter: new Date(now + SERVER_DAYS * DAY),
    signingKey: caPrivate,
    publicKey: serverKeys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: isIp(n) ? ('ip' as const) : ('dns' as const), value: n }))),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  writeFileSync(files.key, await pemKey(serverKeys.privateKey), { mode: 0o600 });
  chmodSync(files.key, 0o600);
  // The chain a browser is sent: the server certificate, then the CA's.
  writeFileSync(files.cert, `${server.toString('pem')}\n${ca.toString('pem')}\n`);
  return { dir, ...files, caFingerprint: fingerprint(ca), names, createdCa };
}

/** What to do on each kind of device to trust the county CA (printed by gridhall tls init). */
export function trustInstructions(files: TlsFiles, port: number): string {
  const host = files.names.find((n) => n !== 'localhost' && n !== '127.0.0.1') ?? '127.0.0.1';
  return [
    `County CA:   ${files.caCert}`,
    `  SHA-256 fingerprint (compare it on each device before trusting): ${files.caFingerprint}`,
    `Server cert: ${files.cert} (for ${files.names.join(', ')})`,
    `Server key:  ${files.key}`,
    '',
    'Start the server with HTTPS:',
    `  gridhall serve --host 0.0.0.0 --tls-cert ${files.cert} --tls-key ${files.key}`,
    `  then open https://${host}:${port}`,
    '',
    'Trust the county CA once on each staff computer and phone (信任县级根证书):',
    '  Windows:  double-click ca.crt → 安装证书 → 本地计算机 → 将所有的证书都放入下列存储 → 受信任的根证书颁发机构',
    '            (or, as administrator: certutil -addstore Root ca.crt)',
    '  macOS:    sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ca.crt',
    '  Linux (Chromium/Firefox): certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "Gridhall county CA" -i ca.crt',
    '            (Debian system-wide: copy to /usr/local/share/ca-certificates/gridhall.crt; update-ca-certificates)',
    '  Android:  设置 → 安全 → 加密与凭据 → 安装证书 → CA 证书 → choose ca.crt',
    '  iPhone:   open ca.crt (AirDrop or mail) → 设置 → 已下载描述文件 → 安装; then 通用 → 关于本机 → 证书信任设置 → turn it on',
    '',
    'Keep ca.key secret and off shared disks: whoever holds it can impersonate the server.',
  ].join('\n');
}
