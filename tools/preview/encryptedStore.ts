/**
 * Keeps the preview's KVS on disk so data survives restarts: plain values, custom entities and
 * secrets, with their timestamps and TTL expiry. Secrets are encrypted at rest with AES-256-GCM under
 * a key generated on first start into a file only the owner can read.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KvsEmulator, StoredValue } from '../forge-doubles/kvsEmulator';

interface SealedValue {
  iv: string;
  tag: string;
  data: string;
  createdAt: number;
  updatedAt: number;
  expiresAt?: number;
}

interface DataFile {
  plain: [string, StoredValue][];
  secret: [string, SealedValue][];
  /** Entity name → items; absent in files written before the app used custom entities. */
  entities?: Record<string, [string, StoredValue][]>;
}

function loadKey(dir: string): Buffer {
  const path = join(dir, 'secret.key');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600 });
  chmodSync(path, 0o600);
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold a 256-bit key`);
  return key;
}

function seal(key: Buffer, value: StoredValue): SealedValue {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(value.json, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
    createdAt: value.createdAt,
    updatedAt: value.updatedAt,
    ...(value.expiresAt !== undefined ? { expiresAt: value.expiresAt } : {}),
  };
}

function open(key: Buffer, sealed: SealedValue): StoredValue {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const json = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  return {
    json,
    createdAt: sealed.createdAt,
    updatedAt: sealed.updatedAt,
    ...(sealed.expiresAt !== undefined ? { expiresAt: sealed.expiresAt } : {}),
  };
}

export interface EncryptedStore {
  /** True when the data folder held no data yet (the preview then seeds demo integrations). */
  fresh: boolean;
  /** Writes pending changes; called before a resolver's answer goes back, so acknowledged writes are durable. */
  flush(): void;
}

export function persistKvs(kvs: KvsEmulator, dir: string): EncryptedStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = loadKey(dir);
  const file = join(dir, 'kvs.json');
  const fresh = !existsSync(file);
  if (!fresh) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as DataFile;
    kvs.importState({ plain: data.plain, secret: data.secret.map(([k, sealed]) => [k, open(key, sealed)]), entities: data.entities ?? {} });
  }
  let dirty = false;
  kvs.onChange(() => {
    dirty = true;
  });
  return {
    fresh,
    flush() {
      if (!dirty) return;
      dirty = false;
      const state = kvs.exportState();
      const data: DataFile = {
        plain: state.plain,
        secret: state.secret.map(([k, value]) => [k, seal(key, value)]),
        entities: state.entities,
      };
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}
