import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';

// The looks both pages repeat, named for their role. Each is one object made once, so a re-render passes React the
// same style; a look used in one place only stays beside it. `token()` takes literal names: the build compiles them.

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

/** The paragraph under a page's title that says what the page is for. */
export const pageIntro: CSSProperties = { color: token('color.text.subtle'), maxWidth: 720 };

/** Secondary facts beside or under the main text: counts, dates, a host's address, a check's detail. */
export const detailText: CSSProperties = { color: token('color.text.subtlest'), font: token('font.body.small') };

/** A short note on what is happening or what was found: "Saving…", a cell's counts. */
export const noteText: CSSProperties = { color: token('color.text.subtle'), font: token('font.body.small') };

/** A paragraph that continues the line above it: a little space above, none below. */
export const followingLine: CSSProperties = { margin: `${token('space.050')} 0 0` };

/** A paragraph that adds no space of its own: its container spaces it. */
export const flush: CSSProperties = { margin: 0 };

/** Help under a field or an item: small, quiet, right under it. */
export const helpText: CSSProperties = { ...detailText, ...followingLine };

/** A form field's label, above its input. */
export const fieldLabel: CSSProperties = {
  display: 'block',
  font: token('font.body.small'),
  fontWeight: token('font.weight.semibold'),
  color: token('color.text.subtle'),
  marginBlockEnd: token('space.050'),
};

/** What is wrong with the field above, in place of its help. */
export const fieldError: CSSProperties = { color: token('color.text.danger'), font: token('font.body.small'), ...followingLine };

/** A failure said in a dialog's body. */
export const dangerText: CSSProperties = { color: token('color.text.danger') };

/** A value as typed or stored: scopes, permissions, addresses. */
export const codeText: CSSProperties = { fontFamily: token('font.family.code') };

/** A bulleted or numbered list inside a message or dialog, indented less than the browser's default. */
export const indentedList: CSSProperties = { margin: 0, paddingInlineStart: token('space.300') };

/** A list whose items are laid out by themselves: no bullets, no indent. */
export const plainList: CSSProperties = { margin: 0, paddingInlineStart: 0, listStyle: 'none' };

/** Pieces side by side, centred on one line. */
export const row: CSSProperties = { display: 'flex', alignItems: 'center', gap: token('space.100') };

/** Pieces side by side that wrap onto the next line when the width runs out. */
export const wrappingRow: CSSProperties = { ...row, flexWrap: 'wrap' };

/** A host icon and the text it marks. */
export const iconRow: CSSProperties = { display: 'flex', alignItems: 'center', gap: token('space.150') };

/** Space above a block, from the one before it. */
export const spaceAbove = {
  none: { marginBlockStart: 0 },
  'space.050': { marginBlockStart: token('space.050') },
  'space.100': { marginBlockStart: token('space.100') },
  'space.150': { marginBlockStart: token('space.150') },
  'space.200': { marginBlockStart: token('space.200') },
} as const satisfies Record<string, CSSProperties>;

/** Space below a block, to the one after it. */
export const spaceBelow = {
  'space.150': { marginBlockEnd: token('space.150') },
  'space.200': { marginBlockEnd: token('space.200') },
} as const satisfies Record<string, CSSProperties>;

/** Space above and below a block that stands apart from its neighbours. */
export const spaceAround = {
  'space.200': { marginBlock: token('space.200') },
} as const satisfies Record<string, CSSProperties>;
