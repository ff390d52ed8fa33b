import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';
import { siBitbucket, siForgejo, siGerrit, siGitea, siGithub, siGitlab, type SimpleIcon } from 'simple-icons';
import type { Integration } from '../../src/contract';
import type { HostType } from '../../src/domain/hosts';

/**
 * Brand marks from Simple Icons (CC0-1.0, https://simpleicons.org; the marks remain their owners' trademarks and
 * are shown only to name each host). Simple Icons has no Azure DevOps or AWS mark (both were removed at their
 * owners' request), so those two keep a two-letter badge, as does any host type without a mark.
 */
const MARKS: Partial<Record<HostType, SimpleIcon>> = {
  github: siGithub,
  'github-enterprise': siGithub,
  gitlab: siGitlab,
  'gitlab-self-managed': siGitlab,
  'bitbucket-cloud': siBitbucket,
  'bitbucket-dc': siBitbucket,
  gitea: siGitea,
  gerrit: siGerrit,
};

const BADGES: Record<HostType, { text: string; background: string }> = {
  github: { text: 'GH', background: token('color.background.accent.gray.bolder') },
  'github-enterprise': { text: 'GH', background: token('color.background.accent.gray.bolder') },
  gitlab: { text: 'GL', background: token('color.background.accent.orange.bolder') },
  'gitlab-self-managed': { text: 'GL', background: token('color.background.accent.orange.bolder') },
  'bitbucket-cloud': { text: 'BB', background: token('color.background.accent.blue.bolder') },
  'bitbucket-dc': { text: 'BB', background: token('color.background.accent.blue.bolder') },
  'azure-devops': { text: 'AZ', background: token('color.background.accent.teal.bolder') },
  'azure-devops-server': { text: 'AZ', background: token('color.background.accent.teal.bolder') },
  gitea: { text: 'GT', background: token('color.background.accent.green.bolder') },
  gerrit: { text: 'GR', background: token('color.background.accent.purple.bolder') },
  'aws-codecommit': { text: 'AWS', background: token('color.background.accent.yellow.bolder') },
};

/** Relative luminance of a "RRGGBB" colour (WCAG 2.2, https://www.w3.org/TR/WCAG22/#dfn-relative-luminance). */
function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White or black, whichever contrasts more with the brand colour: the mark reads the same in light and dark theme. */
function glyphOn(hex: string): string {
  const l = luminance(hex);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#FFFFFF' : '#000000';
}

/** Codeberg runs Forgejo; so does any Gitea-type server that says so in its address. */
function isForgejo(integration: Pick<Integration, 'baseUrl'>): boolean {
  const host = integration.baseUrl ? new URL(integration.baseUrl).hostname : '';
  return host === 'codeberg.org' || host.endsWith('.codeberg.org') || /forgejo/i.test(integration.baseUrl ?? '');
}

function tile(size: number, background: string): CSSProperties {
  return {
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    flex: 'none',
    width: size,
    height: size,
    boxSizing: 'border-box',
    borderRadius: token('radius.small'),
    background,
  };
}

// Rows re-render on every keystroke: one style object per host and size, made once.
const styles = new Map<string, CSSProperties>();
function cached(key: string, make: () => CSSProperties): CSSProperties {
  let style = styles.get(key);
  if (!style) styles.set(key, (style = make()));
  return style;
}

/**
 * The host's brand mark on a tile of its brand colour, or its two-letter badge. Decorative: the host's name is
 * always written next to it. `size` in CSS pixels.
 */
export default function BrandIcon({ hostType, baseUrl, size = 32 }: { hostType: HostType; baseUrl?: string; size?: number }) {
  const mark = hostType === 'gitea' && isForgejo({ baseUrl }) ? siForgejo : MARKS[hostType];
  if (mark) {
    const style = cached(`${mark.slug}:${size}`, () => ({
      ...tile(size, `#${mark.hex}`),
      // A light brand colour (Gerrit's) needs an edge on a light page.
      border: luminance(mark.hex) > 0.7 ? `${token('border.width')} solid ${token('color.border')}` : undefined,
    }));
    return (
      <span aria-hidden="true" data-host-mark={mark.slug} style={style}>
        <svg role="img" viewBox="0 0 24 24" width={size * 0.625} height={size * 0.625} fill={glyphOn(mark.hex)} focusable="false">
          <path d={mark.path} />
        </svg>
      </span>
    );
  }
  const badge = BADGES[hostType];
  const style = cached(`badge:${hostType}:${size}`, () => ({
    ...tile(size, badge.background),
    color: token('color.text.inverse'),
    font: token('font.heading.xxsmall'),
    fontSize: badge.text.length > 2 ? 10 : 12,
  }));
  return (
    <span aria-hidden="true" data-host-mark="badge" style={style}>
      {badge.text}
    </span>
  );
}
