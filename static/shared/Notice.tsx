import SectionMessage, { SectionMessageAction, type Appearance } from '@atlaskit/section-message';
import type { ReactNode } from 'react';

/**
 * Atlaskit's section message for a page-level state (load error, empty list, no permission), with an optional action.
 * A default export so pages load it lazily: no page draws one on first paint.
 */
export default function Notice({
  appearance,
  title,
  action,
  children,
}: {
  appearance: Appearance;
  title: string;
  action?: { label: string; onClick: () => void };
  children: ReactNode;
}) {
  return (
    <SectionMessage
      appearance={appearance}
      title={title}
      actions={action ? <SectionMessageAction onClick={action.onClick}>{action.label}</SectionMessageAction> : undefined}
    >
      {children}
    </SectionMessage>
  );
}
