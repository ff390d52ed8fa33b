/**
 * The preview's stand-in for the egress a site admin approved (customer-managed egress): the groups
 * `permissions.egress.set` stored, kept in PREVIEW_DATA_DIR/egress.json so approvals survive restarts
 * (in memory only without a folder, as the ui tests use it). The Forge runtime double answers
 * `canFetchFrom` from `domains()`.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { EgressGroup } from '../../src/domain/egressGroups';

const groupSchema = z.object({
  key: z.string().min(1).max(100),
  description: z.string().max(1000),
  configured: z.array(z.object({ domain: z.string().min(1).max(500), type: z.array(z.string()) })).max(10),
});

export const egressOperationSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('get'), payload: z.unknown().optional() }),
  z.object({ op: z.literal('set'), payload: z.object({ egresses: z.array(groupSchema).min(1).max(10) }) }),
  z.object({ op: z.literal('deleteDomain'), payload: z.object({ key: z.string(), domain: z.string(), type: z.string() }) }),
  z.object({ op: z.literal('deleteGroup'), payload: z.object({ key: z.string() }) }),
]);

export type EgressOperation = z.infer<typeof egressOperationSchema>;

/** Forge's limit: 10 groups per installation. */
const MAX_GROUPS = 10;

export class PreviewEgress {
  private readonly groups = new Map<string, EgressGroup>();
  private readonly file: string | undefined;

  constructor(dataDir?: string) {
    this.file = dataDir === undefined ? undefined : join(dataDir, 'egress.json');
    if (this.file && existsSync(this.file)) {
      for (const group of z.array(groupSchema).parse(JSON.parse(readFileSync(this.file, 'utf8')))) this.groups.set(group.key, group);
    }
  }

  /** Every approved domain, as the runtime's permission set lists them. */
  domains(): string[] {
    return [...this.groups.values()].flatMap((group) => group.configured.map((entry) => entry.domain));
  }

  /** Applies one `permissions.egress` call; throws a message for what Forge would refuse. */
  apply(operation: EgressOperation): unknown {
    switch (operation.op) {
      case 'get':
        return { results: [...this.groups.values()] };
      case 'set': {
        const keys = new Set([...this.groups.keys(), ...operation.payload.egresses.map((group) => group.key)]);
        if (keys.size > MAX_GROUPS) throw new Error(`At most ${MAX_GROUPS} egress groups per installation.`);
        for (const group of operation.payload.egresses) this.groups.set(group.key, group);
        this.save();
        return { results: operation.payload.egresses };
      }
      case 'deleteDomain': {
        const group = this.groups.get(operation.payload.key);
        if (group)
          this.groups.set(group.key, {
            ...group,
            configured: group.configured.filter((entry) => entry.domain !== operation.payload.domain),
          });
        this.save();
        return undefined;
      }
      case 'deleteGroup':
        this.groups.delete(operation.payload.key);
        this.save();
        return undefined;
    }
  }

  private save(): void {
    if (!this.file) return;
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify([...this.groups.values()], null, 2));
    renameSync(temp, this.file);
  }
}
