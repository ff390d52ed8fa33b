import { token } from '@atlaskit/tokens';
import type { HostType } from '../../src/domain/hosts';

const BADGES: Record<HostType, { text: string; background: ReturnType<typeof token> }> = {
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

/** A small host badge; decorative, since the host name is always written next to it. */
export function HostIcon({ hostType, size = 32 }: { hostType: HostType; size?: number }) {
  const badge = BADGES[hostType];
  return (
    <span
      aria-hidden="true"
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        justifyContent: 'center',
        flex: 'none',
        width: size,
        height: size,
        borderRadius: token('radius.small'),
        background: badge.background,
        color: token('color.text.inverse'),
        font: token('font.heading.xxsmall'),
        fontSize: badge.text.length > 2 ? 10 : 12,
      }}
    >
      {badge.text}
    </span>
  );
}
