import { AutoDismissFlag, FlagGroup } from '@atlaskit/flag';
import CheckCircleIcon from '@atlaskit/icon/core/check-circle';
import ErrorIcon from '@atlaskit/icon/core/error';
import WarningIcon from '@atlaskit/icon/core/warning';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { Announcement, Tone } from './useAnnouncements';

const ICONS: Record<Tone, ReactNode> = {
  success: <CheckCircleIcon label="Success" color={token('color.icon.success')} />,
  warning: <WarningIcon label="Warning" color={token('color.icon.warning')} />,
  danger: <ErrorIcon label="Error" color={token('color.icon.danger')} />,
};

export default function FlagStack({ flags, onDismissed }: { flags: Announcement[]; onDismissed: (id: number) => void }) {
  return (
    <FlagGroup onDismissed={(id) => onDismissed(Number(id))}>
      {flags.map((flag) => (
        <AutoDismissFlag key={flag.id} id={flag.id} title={flag.title} description={flag.description} icon={ICONS[flag.tone]} />
      ))}
    </FlagGroup>
  );
}
