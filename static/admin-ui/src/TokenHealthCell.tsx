import { token } from '@atlaskit/tokens';
import type { CSSProperties } from 'react';
import type { HealthCounts } from '../../../src/contract';
import { flush, noteText } from '../../shared/styles';

interface Props {
  name: string;
  requirePat: boolean;
  counts: HealthCounts | undefined;
}

const line: CSSProperties = { ...flush, ...noteText };
const holdersLine: CSSProperties = { ...line, color: token('color.text') };
const warningLine: CSSProperties = { ...line, color: token('color.text.warning') };

/**
 * How many people hold a token for the integration and what the last weekly check found — counts
 * only, never who. For an optional integration it also says how many of those holders "Require
 * user PAT" would block (their token is not valid); people with no token at all are blocked too.
 */
export function TokenHealthCell({ name, requirePat, counts }: Props) {
  if (!counts || counts.holders === 0) return <p style={line}>No one holds a token</p>;
  const notValid = counts.holders - counts.valid - counts.expiresSoon;
  const parts = [
    `${counts.valid} valid`,
    counts.expiresSoon > 0 && `${counts.expiresSoon} expire within 7 days`,
    counts.expired > 0 && `${counts.expired} expired or revoked`,
    counts.missingScopes > 0 && `${counts.missingScopes} missing scopes`,
    counts.unverified > 0 && `${counts.unverified} unverified`,
  ].filter(Boolean);
  return (
    <div aria-label={`Token health of ${name}`}>
      <p style={holdersLine}>
        {counts.holders} {counts.holders === 1 ? 'person holds' : 'people hold'} a token
      </p>
      <p style={line}>{parts.join(' · ')}</p>
      {!requirePat && notValid > 0 && <p style={warningLine}>Requiring a PAT would block {notValid} of them until they fix their token</p>}
    </div>
  );
}
