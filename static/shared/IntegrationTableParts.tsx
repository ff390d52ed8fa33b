import { token } from '@atlaskit/tokens';
import type { CSSProperties, ReactNode } from 'react';
import type { Integration } from '../../src/contract';
import { HostIcon } from './HostIcon';
import { detailText, iconRow, tableCell, tableHeaderCell, wrappingRow } from './styles';

export interface Column {
  title: string;
  width?: string;
}

const tableStyle = { width: '100%', borderCollapse: 'collapse' } as const;
// Keeps its place in the layout, draws nothing and leaves the accessibility tree.
const invisible = { visibility: 'hidden' } as const;

/**
 * The integrations table both pages show, labelled for assistive technology. `children` are the rows; `later`,
 * optional, are more rows in a second body that `laterHidden` makes invisible while they still show an earlier
 * result (see the personal page's IntegrationTable).
 */
export function IntegrationTableShell({
  columns,
  children,
  later,
  laterHidden = false,
}: {
  columns: Column[];
  children: ReactNode;
  later?: ReactNode;
  laterHidden?: boolean;
}) {
  return (
    <table style={tableStyle} aria-label="Git integrations">
      <colgroup>
        {columns.map((column) => (
          <col key={column.title} style={column.width ? { width: column.width } : undefined} />
        ))}
      </colgroup>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.title} scope="col" style={tableHeaderCell}>
              {column.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
      {later !== undefined && <tbody style={laterHidden ? invisible : undefined}>{later}</tbody>}
    </table>
  );
}

// One object per style, made once: rows that re-render with another integration only change text.
const nameBlock: CSSProperties = { minWidth: 0 };
const nameText: CSSProperties = { font: token('font.body'), fontWeight: token('font.weight.medium'), overflowWrap: 'anywhere' };
const hostLine: CSSProperties = { ...detailText, overflowWrap: 'anywhere' };

/** Host icon, the integration's name (as text, whatever it holds) with an optional badge, and its host line. */
export function IntegrationCell({ integration, label, badge }: { integration: Integration; label: string; badge?: ReactNode }) {
  return (
    <td style={tableCell}>
      <div style={iconRow}>
        <HostIcon hostType={integration.hostType} baseUrl={integration.baseUrl} />
        <div style={nameBlock}>
          <div style={wrappingRow}>
            <span style={nameText}>{integration.name}</span>
            {badge}
          </div>
          <div style={hostLine}>{label}</div>
        </div>
      </div>
    </td>
  );
}
