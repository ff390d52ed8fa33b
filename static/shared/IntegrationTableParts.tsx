import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { Integration } from '../../src/contract';
import { HostIcon } from './HostIcon';
import { tableCell, tableHeaderCell } from './styles';

export interface Column {
  title: string;
  width?: string;
}

/** The integrations table both pages show, labelled for assistive technology. */
export function IntegrationTableShell({ columns, children }: { columns: Column[]; children: ReactNode }) {
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse' }} aria-label="Git integrations">
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
    </table>
  );
}

/** Host icon, the integration's name (as text, whatever it holds) with an optional badge, and its host line. */
export function IntegrationCell({ integration, label, badge }: { integration: Integration; label: string; badge?: ReactNode }) {
  return (
    <td style={tableCell}>
      <div style={{ display: 'flex', alignItems: 'center', gap: token('space.150') }}>
        <HostIcon hostType={integration.hostType} />
        <div style={{ minWidth: 0 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: token('space.100'), flexWrap: 'wrap' }}>
            <span style={{ font: token('font.body'), fontWeight: token('font.weight.medium'), overflowWrap: 'anywhere' }}>{integration.name}</span>
            {badge}
          </div>
          <div style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>{label}</div>
        </div>
      </div>
    </td>
  );
}
