import Button, { IconButton } from '@atlaskit/button/new';
import EyeOpenIcon from '@atlaskit/icon/core/eye-open';
import EyeOpenStrikethroughIcon from '@atlaskit/icon/core/eye-open-strikethrough';
import LinkExternalIcon from '@atlaskit/icon/core/link-external';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useId, useRef, useState, type FormEvent } from 'react';
import type { Integration, PatView } from '../../../src/contract';
import { hostLabel } from '../../../src/domain/hostAddress';
import { HOSTS } from '../../../src/domain/hosts';
import { tokenPageUrl } from '../../../src/domain/tokenUrl';
import { canRotate } from '../../../src/domain/tokenHealth';
import { isEgressAllowed } from '../../../src/verification/egress';
import { formatWarning } from '../../../src/verification/formatHints';
import { callResolver } from './api';
import { HostIcon } from '../../shared/HostIcon';
import { openExternal } from './openExternal';
import { VerificationDetails } from './VerificationStatus';

// Only GitLab tokens near their expiry offer it: loaded when shown.
const RotateSection = lazy(() => import('./RotateSection'));

interface Props {
  integration: Integration;
  pat: PatView | undefined;
  onClose: () => void;
  onSaved: (pat: PatView) => void;
  /** After Rotate now stored the new token; defaults to onSaved. */
  onRotated?: (pat: PatView) => void;
}

const sectionHeading = { font: token('font.heading.xxsmall'), margin: `${token('space.200')} 0 ${token('space.050')}` };

/** "Set up your personal access token": paste, Update saves it; the server's refusal stays inline. */
export default function PatDialog({ integration, pat, onClose, onSaved, onRotated }: Props) {
  const host = HOSTS[integration.hostType];
  const newTokenUrl = tokenPageUrl(integration);
  const [value, setValue] = useState('');
  const [shown, setShown] = useState(false);
  const [saving, setSaving] = useState(false);
  const [rotating, setRotating] = useState(false);
  const rotatable = canRotate(integration, pat, new Date(), isEgressAllowed);
  const [error, setError] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const errorId = useId();
  const helpId = useId();
  const warningId = useId();
  const lastCheckId = useId();
  // A hint only: formats change and self-hosted servers may use their own, so it never blocks Update.
  const warning = formatWarning(integration.hostType, value);
  const title = pat ? 'Edit your personal access token' : 'Set up your personal access token';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving || rotating || value.trim() === '') return;
    setSaving(true);
    setError(undefined);
    const result = await callResolver('savePat', { integrationId: integration.id, token: value });
    setSaving(false);
    if (result.ok) {
      onSaved(result.value);
      return;
    }
    setError(result.error.message);
    inputRef.current?.focus();
  }

  return (
    <ModalDialog onClose={() => !saving && !rotating && onClose()} autoFocus={inputRef} label={`${title} for ${integration.name}`} width="medium">
      <form onSubmit={submit} noValidate>
        <ModalHeader hasCloseButton>
          <ModalTitle>{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <div style={{ display: 'flex', alignItems: 'center', gap: token('space.150'), marginBlockEnd: token('space.200') }}>
            <HostIcon hostType={integration.hostType} size={40} />
            <div>
              <div style={{ font: token('font.heading.small'), overflowWrap: 'anywhere' }}>{integration.name}</div>
              <div style={{ color: token('color.text.subtlest'), font: token('font.body.small') }}>{hostLabel(integration)}</div>
            </div>
          </div>

          {rotatable && pat && (
            <Suspense fallback={null}>
              <RotateSection integration={integration} pat={pat} busy={saving} onBusy={setRotating} onRotated={onRotated ?? onSaved} />
            </Suspense>
          )}

          <label htmlFor={fieldId} style={{ display: 'block', font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle'), marginBlockEnd: token('space.050') }}>
            Personal access token
          </label>
          <Textfield
            id={fieldId}
            ref={inputRef}
            type={shown ? 'text' : 'password'}
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            isInvalid={Boolean(error)}
            aria-describedby={[error && errorId, warning && warningId, helpId].filter(Boolean).join(' ')}
            placeholder={pat?.hint ? `Saved token ends in ${pat.hint}; paste a new one to replace it` : 'Paste your token'}
            elemAfterInput={
              <IconButton
                icon={shown ? EyeOpenStrikethroughIcon : EyeOpenIcon}
                label={shown ? 'Hide token' : 'Show token'}
                appearance="subtle"
                spacing="compact"
                isSelected={shown}
                onClick={() => setShown((current) => !current)}
              />
            }
          />
          {error && (
            <p id={errorId} role="alert" style={{ color: token('color.text.danger'), font: token('font.body.small'), margin: `${token('space.050')} 0 0` }}>
              {error}
            </p>
          )}
          {saving && (
            <p role="status" style={{ color: token('color.text.subtle'), font: token('font.body.small'), margin: `${token('space.050')} 0 0` }}>
              Saving and checking your token…
            </p>
          )}
          {/* Always present, so screen readers announce the warning when it appears as the person types. */}
          <div aria-live="polite" id={warningId}>
            {warning && (
              <div style={{ marginBlockStart: token('space.100') }}>
                <SectionMessage appearance="warning">
                  <p>{warning}</p>
                </SectionMessage>
              </div>
            )}
          </div>

          {pat?.verification && (
            <section aria-labelledby={lastCheckId}>
              <h3 id={lastCheckId} style={sectionHeading}>
                Last check with {host.name}
              </h3>
              <VerificationDetails verification={pat.verification} />
            </section>
          )}

          <div id={helpId}>
            <h3 style={sectionHeading}>Scopes needed for branches and pull requests</h3>
            <ul aria-label="Scopes needed" style={{ margin: 0, paddingInlineStart: token('space.300') }}>
              {host.scopes.map((scope) => (
                <li key={scope}>
                  <code style={{ fontFamily: token('font.family.code') }}>{scope}</code>
                </li>
              ))}
            </ul>
          </div>
          <h3 style={sectionHeading}>How to create one</h3>
          <ol style={{ margin: 0, paddingInlineStart: token('space.300') }}>
            {host.howToCreate.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          <div style={{ marginBlockStart: token('space.150') }}>
            {newTokenUrl ? (
              <Button
                appearance="subtle"
                iconBefore={LinkExternalIcon}
                aria-label={`New token (opens ${host.name} in a new tab)`}
                onClick={() => void openExternal(newTokenUrl)}
              >
                New token
              </Button>
            ) : (
              <p style={{ color: token('color.text.subtlest'), margin: 0 }}>{host.noTokenPageReason}</p>
            )}
          </div>
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={onClose} isDisabled={saving || rotating}>
            Cancel
          </Button>
          <Button type="submit" appearance="primary" isDisabled={value.trim() === '' || rotating} isLoading={saving}>
            Update
          </Button>
        </ModalFooter>
      </form>
    </ModalDialog>
  );
}
