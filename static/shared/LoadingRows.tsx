import Skeleton from '@atlaskit/skeleton';
import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';
import { visuallyHidden } from './styles';

const placeholders: CSSProperties = { display: 'grid', gap: token('space.150'), marginBlockStart: token('space.200') };

/** Placeholder rows while the list loads; announced once to screen readers. */
export function LoadingRows({ rows }: { rows: number }) {
  return (
    <div aria-busy="true" style={placeholders}>
      <span style={visuallyHidden}>Loading integrations…</span>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} width="100%" height={40} borderRadius={token('radius.small')} />
      ))}
    </div>
  );
}
