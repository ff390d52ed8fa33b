import Button from '@atlaskit/button/default/button';
import LinkExternalIcon from '@atlaskit/icon/core/link-external';
import Lozenge from '@atlaskit/lozenge/lozenge';
import { memo, useEffect, useState, type CSSProperties } from 'react';
import type { Integration, PatView } from '../../../src/contract';
import { HOSTS } from '../../../src/domain/hosts';
import { tokenPageUrl } from '../../../src/domain/tokenUrl';
import { formatDate } from './dates';
import { IntegrationCell, IntegrationTableShell, type Column } from '../../shared/IntegrationTableParts';
import { codeText, detailText, tableCell as cell, wrappingRow } from '../../shared/styles';
import { openExternal } from './openExternal';
import type { Searchable } from './search';
import { VerificationStatus } from './VerificationStatus';
import { LazyTooltip } from '../../shared/LazyTooltip';

export interface RowActions {
  onSetup: (integration: Integration, trigger: HTMLElement) => void;
  onRemove: (integration: Integration, trigger: HTMLElement) => void;
  onRecheck: (integration: Integration) => void;
}

const COLUMNS: Column[] = [{ title: 'Integration', width: '30%' }, { title: 'Personal access token', width: '40%' }, { title: 'Actions' }];

function NewTokenButton({ integration }: { integration: Integration }) {
  const url = tokenPageUrl(integration);
  if (!url) {
    const reason = HOSTS[integration.hostType].noTokenPageReason ?? 'This host has no token page.';
    return (
      <LazyTooltip content={reason}>
        {(tooltipProps) => (
          // A disabled button receives no pointer or focus events, so the tooltip hangs on a focusable wrapper.
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- keyboard users reach the reason through this focus
          <span {...tooltipProps} tabIndex={0} aria-label={`New token for ${integration.name} is unavailable: ${reason}`}>
            <Button iconBefore={LinkExternalIcon} isDisabled appearance="subtle">
              New token
            </Button>
          </span>
        )}
      </LazyTooltip>
    );
  }
  return (
    <Button
      appearance="subtle"
      iconBefore={LinkExternalIcon}
      aria-label={`New token for ${integration.name} (opens ${HOSTS[integration.hostType].name} in a new tab)`}
      onClick={() => void openExternal(url)}
    >
      New token
    </Button>
  );
}

interface RowProps {
  item: Searchable;
  pat: PatView | undefined;
  /** A re-check of this row's token is running. */
  checking: boolean;
  actions: RowActions;
}

// At Jira's narrower widths (900 and 700 px) a saved row stays within two lines per cell: the hint and date on one
// line, the state and the edit button on the next; actions wrap onto a second line rather than overflow the page.
// The credential's non-secret part (email, user name, access key ID) may be long: it wraps anywhere.
const accountText: CSSProperties = { overflowWrap: 'anywhere' };
const hintText: CSSProperties = { ...codeText, whiteSpace: 'nowrap' };
const savedText: CSSProperties = { ...detailText, whiteSpace: 'nowrap' };
const actionsLine: CSSProperties = { display: 'flex', flexWrap: 'wrap', alignItems: 'center' };

const Row = memo(function Row({ item, pat, checking, actions }: RowProps) {
  const { integration } = item;
  return (
    <tr>
      <IntegrationCell
        integration={integration}
        label={item.label}
        badge={integration.requirePat && !pat ? <Lozenge appearance="moved">Required</Lozenge> : undefined}
      />
      <td style={cell}>
        {pat && (
          <div style={wrappingRow}>
            {pat.account && <span style={accountText}>{pat.account}</span>}
            <span style={hintText} aria-label={pat.hint ? `Token ending in ${pat.hint}` : 'Token saved'}>
              ••••••••{pat.hint}
            </span>
            <span style={savedText}>Saved {formatDate(pat.updatedAt)}</span>
          </div>
        )}
        <div style={wrappingRow}>
          {pat && <VerificationStatus verification={pat.verification} checking={checking} />}
          <Button
            appearance={pat ? 'subtle' : 'default'}
            data-pat-button={integration.id}
            aria-label={`${pat ? 'Edit your PAT' : 'Setup your PAT'} for ${integration.name}`}
            onClick={(event) => actions.onSetup(integration, event.currentTarget)}
          >
            {pat ? 'Edit your PAT' : 'Setup your PAT'}
          </Button>
        </div>
      </td>
      <td style={cell}>
        <div style={actionsLine}>
          <NewTokenButton integration={integration} />
          {pat && (
            <Button
              appearance="subtle"
              aria-label={`Re-check PAT for ${integration.name}`}
              isLoading={checking}
              onClick={() => actions.onRecheck(integration)}
            >
              Re-check
            </Button>
          )}
          {pat && (
            <Button
              appearance="subtle"
              aria-label={`Remove PAT for ${integration.name}`}
              onClick={(event) => actions.onRemove(integration, event.currentTarget)}
            >
              Remove
            </Button>
          )}
        </div>
      </td>
    </tr>
  );
});

/**
 * Rows drawn in the frame of a keystroke: about what a laptop screen shows below the search field (a row is
 * 53 px high). The rest follow one frame later.
 */
const FIRST_ROWS = 10;

interface TableProps {
  items: readonly Searchable[];
  pats: ReadonlyMap<string, PatView>;
  /** Integrations whose tokens are being re-checked. */
  checking: ReadonlySet<string>;
  actions: RowActions;
}

function rows(items: readonly Searchable[], from: number, to: number, { pats, checking, actions }: Omit<TableProps, 'items'>) {
  return items.slice(from, to).map((item, offset) => (
    // Keyed by position: a new search result updates the rows in place instead of replacing every row.
    <Row
      key={from + offset}
      item={item}
      pat={pats.get(item.integration.id)}
      checking={checking.has(item.integration.id)}
      actions={actions}
    />
  ));
}

/**
 * The personal page's table. When the rows to show change (a keystroke in the search field), the first
 * FIRST_ROWS rows show the new result in that frame; the later rows keep their previous content, invisible but
 * still taking their place (so nothing below the table jumps and the browser lays out nothing new), and catch up
 * in the next animation frame.
 */
function IntegrationTable({ items, pats, checking, actions }: TableProps) {
  // The result every row shows; it lags `items` by one frame after a change.
  const [settled, setSettled] = useState(items);
  const catchingUp = settled !== items;

  useEffect(() => {
    if (!catchingUp) return undefined;
    const frame = requestAnimationFrame(() => setSettled(items));
    return () => cancelAnimationFrame(frame);
  }, [catchingUp, items]);

  const context = { pats, checking, actions };
  return (
    <IntegrationTableShell
      columns={COLUMNS}
      later={rows(catchingUp ? settled : items, FIRST_ROWS, Infinity, context)}
      laterHidden={catchingUp}
    >
      {rows(items, 0, FIRST_ROWS, context)}
    </IntegrationTableShell>
  );
}

export default memo(IntegrationTable);
