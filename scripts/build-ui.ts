/** `npm run build`: production builds of every Custom UI page; prints nothing unless something is wrong. */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { PROJECT_ROOT, pageConfig } from './viteConfig';

export function uiPages(): string[] {
  const dir = join(PROJECT_ROOT, 'static');
  return readdirSync(dir).filter((name) => existsSync(join(dir, name, 'index.html')));
}

async function main(): Promise<void> {
  for (const page of uiPages()) {
    await build(pageConfig(page));
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
