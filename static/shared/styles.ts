import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';

/** Read by screen readers, not shown. */
export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

export const tableCell: CSSProperties = {
  padding: `${token('space.100')} ${token('space.150')}`,
  borderBlockEnd: `${token('border.width')} solid ${token('color.border')}`,
  verticalAlign: 'middle',
  textAlign: 'start',
};

export const tableHeaderCell: CSSProperties = {
  ...tableCell,
  font: token('font.heading.xxsmall'),
  color: token('color.text.subtle'),
  borderBlockEnd: `${token('border.width.selected')} solid ${token('color.border')}`,
};

export const pageStyle: CSSProperties = { padding: token('space.300'), color: token('color.text'), font: token('font.body') };
