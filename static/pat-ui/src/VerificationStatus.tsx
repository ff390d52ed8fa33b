import Button from '@atlaskit/button/default/button';
import Lozenge from '@atlaskit/lozenge/lozenge';
import type { Verification } from '../../../src/contract';
import { formatDateTime } from './dates';
import { openExternal } from './openExternal';
import { describeVerification } from './verificationText';
import { LazyTooltip } from '../../shared/LazyTooltip';
import { detailText, followingLine, helpText, wrappingRow } from '../../shared/styles';

/** The row's view of the last check: lozenge and detail, the reason in a tooltip (reachable by keyboard too). */
export function VerificationStatus({ verification, checking }: { verification: Verification | undefined; checking: boolean }) {
  if (checking) {
    return (
      <div style={wrappingRow}>
        <Lozenge appearance="inprogress">Checking…</Lozenge>
      </div>
    );
  }
  if (!verification) return null;
  const text = describeVerification(verification);
  const lozenge = <Lozenge appearance={text.appearance}>{text.label}</Lozenge>;
  return (
    <div style={wrappingRow}>
      {text.reason ? (
        <LazyTooltip content={text.reason}>
          {(tooltipProps) => (
            // Focusable so keyboard users get the reason's tooltip, as pointer users do on hover.
            // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a lozenge has no interactive role to give it
            <span {...tooltipProps} tabIndex={0} aria-label={`${text.label}: ${text.reason}`}>
              {lozenge}
            </span>
          )}
        </LazyTooltip>
      ) : (
        lozenge
      )}
      {text.detail && <span style={detailText}>{text.detail}</span>}
    </div>
  );
}

/** The dialog's view of the last check: everything the row shows, with the reason written out. */
export function VerificationDetails({ verification }: { verification: Verification }) {
  const text = describeVerification(verification);
  return (
    <div>
      <div style={wrappingRow}>
        <Lozenge appearance={text.appearance}>{text.label}</Lozenge>
        {text.detail && <span>{text.detail}</span>}
      </div>
      {text.reason && <p style={followingLine}>{text.reason}</p>}
      {verification.ssoUrl && (
        <Button
          appearance="default"
          spacing="compact"
          aria-label="Authorize the token for single sign-on (opens GitHub in a new tab)"
          onClick={() => void openExternal(verification.ssoUrl!)}
        >
          Authorize for single sign-on
        </Button>
      )}
      <p style={helpText}>Checked {formatDateTime(verification.checkedAt)}</p>
    </div>
  );
}
