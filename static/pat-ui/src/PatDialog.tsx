import Button, { IconButton } from '@atlaskit/button/new';
import EyeOpenIcon from '@atlaskit/icon/core/eye-open';
import EyeOpenStrikethroughIcon from '@atlaskit/icon/core/eye-open-strikethrough';
import LinkExternalIcon from '@atlaskit/icon/core/link-external';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useId, useRef, useState, type CSSProperties, type FormEvent } from 'react';
import type { Integration, PatView } from '../../../src/contract';
import { hostLabel } from '../../../src/domain/hostAddress';
import { HOSTS } from '../../../src/domain/hosts';
import { appPasswordWarning } from '../../../src/domain/appPassword';
import { cleanPastedToken } from '../../../src/domain/pastedToken';
import { canRotate } from '../../../src/domain/tokenHealth';
import { tokenPages } from '../../../src/domain/tokenUrl';
import { formatWarning } from '../../../src/domain/formatHints';
import { invokeResolver } from './invokeResolver';
import { HostIcon } from '../../shared/HostIcon';
import {
  codeText,
  detailText,
  fieldError,
  fieldLabel,
  followingLine,
  iconRow,
  indentedList,
  noteText,
  spaceAbove,
  spaceBelow,
} from '../../shared/styles';
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

const sectionHeading: CSSProperties = { font: token('font.heading.xxsmall'), margin: `${token('space.200')} 0 ${token('space.050')}` };
const integrationLine: CSSProperties = { ...iconRow, marginBlockEnd: token('space.200') };
const integrationName: CSSProperties = { font: token('font.heading.small'), overflowWrap: 'anywhere' };
const savingNote: CSSProperties = { ...noteText, ...followingLine };
const pageNeeds: CSSProperties = { ...indentedList, marginBlockEnd: token('space.050') };
const noTokenPage: CSSProperties = { color: token('color.text.subtlest'), margin: 0 };

/** "Set up your personal access token": paste, Update saves it; the server's refusal stays inline. */
export default function PatDialog({ integration, pat, onClose, onSaved, onRotated }: Props) {
  const host = HOSTS[integration.hostType];
  const fields = host.credential;
  const pages = tokenPages(integration);
  const [value, setValue] = useState('');
  // The non-secret part is shown again when editing: a person replaces the secret, rarely the account.
  const [account, setAccount] = useState(pat?.account ?? '');
  const [region, setRegion] = useState(pat?.region ?? '');
  const [errorField, setErrorField] = useState<string>();
  const accountRef = useRef<HTMLInputElement>(null);
  const regionRef = useRef<HTMLInputElement>(null);
  const accountId = useId();
  const accountErrorId = useId();
  const regionId = useId();
  const regionErrorId = useId();
  const [shown, setShown] = useState(false);
  const [saving, setSaving] = useState(false);
  const [rotating, setRotating] = useState(false);
  const rotatable = canRotate(integration, pat, new Date());
  const [error, setError] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const errorId = useId();
  const helpId = useId();
  const warningId = useId();
  const lastCheckId = useId();
  const changesId = useId();
  // The same cleaning the server applies, so what is listed here is exactly what gets saved.
  const cleaned = value.trim() === '' ? undefined : cleanPastedToken(value);
  const refusal = cleaned && !cleaned.ok ? cleaned.reason : undefined;
  const changes = cleaned?.ok ? cleaned.changes : [];
  // Hints only: formats change and self-hosted servers may use their own, so they never block Update.
  const warnings = cleaned?.ok
    ? [formatWarning(integration.hostType, cleaned.token), appPasswordWarning(integration.hostType, cleaned.token, new Date())].filter(
        (text): text is string => Boolean(text),
      )
    : [];
  const title = pat ? 'Edit your personal access token' : 'Set up your personal access token';
  const needsAccount = fields.kind !== 'token';
  const complete = Boolean(cleaned?.ok) && (!needsAccount || account.trim() !== '');
  const secretName = fields.kind === 'token' ? 'token' : fields.secretLabel.toLowerCase();
  const shownError = (field: string) => (errorField === field ? error : undefined);
  const tokenError = shownError('token') ?? refusal;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving || rotating || !complete || !cleaned?.ok) return;
    setSaving(true);
    setError(undefined);
    setErrorField(undefined);
    const result = await invokeResolver('savePat', {
      integrationId: integration.id,
      // The secret as listed in the dialog; the server cleans it again, to the same value.
      token: cleaned.token,
      ...(needsAccount ? { account } : {}),
      ...(fields.kind === 'aws' && region.trim() !== '' ? { region } : {}),
    });
    setSaving(false);
    if (result.ok) {
      onSaved(result.value);
      return;
    }
    const field = result.error.field === 'account' || result.error.field === 'region' ? result.error.field : 'token';
    setError(result.error.message);
    setErrorField(field);
    (field === 'account' ? accountRef : field === 'region' ? regionRef : inputRef).current?.focus();
  }

  return (
    <ModalDialog
      onClose={() => !saving && !rotating && onClose()}
      autoFocus={needsAccount && !pat?.account ? accountRef : inputRef}
      label={`${title} for ${integration.name}`}
      width="medium"
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <ModalHeader hasCloseButton>
          <ModalTitle>{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <div style={integrationLine}>
            <HostIcon hostType={integration.hostType} size={40} />
            <div>
              <div style={integrationName}>{integration.name}</div>
              <div style={detailText}>{hostLabel(integration)}</div>
            </div>
          </div>

          {rotatable && pat && (
            <Suspense fallback={null}>
              <RotateSection integration={integration} pat={pat} busy={saving} onBusy={setRotating} onRotated={onRotated ?? onSaved} />
            </Suspense>
          )}

          {needsAccount && (
            <div style={spaceBelow['space.150']}>
              <label htmlFor={accountId} style={fieldLabel}>
                {fields.usernameLabel}
              </label>
              <Textfield
                id={accountId}
                ref={accountRef}
                type={fields.kind === 'basic' && fields.usernameType === 'email' ? 'email' : 'text'}
                value={account}
                onChange={(event) => setAccount(event.currentTarget.value)}
                autoComplete={fields.kind === 'basic' && fields.usernameType === 'email' ? 'email' : 'username'}
                spellCheck={false}
                isInvalid={Boolean(shownError('account'))}
                aria-describedby={shownError('account') ? accountErrorId : undefined}
              />
              {shownError('account') && (
                <p id={accountErrorId} role="alert" style={fieldError}>
                  {error}
                </p>
              )}
            </div>
          )}

          <label htmlFor={fieldId} style={fieldLabel}>
            {fields.secretLabel}
          </label>
          <Textfield
            id={fieldId}
            ref={inputRef}
            type={shown ? 'text' : 'password'}
            value={value}
            onChange={(event) => {
              setValue(event.currentTarget.value);
              if (errorField === 'token') setError(undefined);
            }}
            autoComplete="off"
            spellCheck={false}
            isInvalid={Boolean(tokenError)}
            aria-describedby={[tokenError && errorId, changes.length > 0 && changesId, warnings.length > 0 && warningId, helpId]
              .filter(Boolean)
              .join(' ')}
            placeholder={pat?.hint ? `Saved ${secretName} ends in ${pat.hint}; paste a new one to replace it` : `Paste your ${secretName}`}
            elemAfterInput={
              <IconButton
                icon={shown ? EyeOpenStrikethroughIcon : EyeOpenIcon}
                label={shown ? `Hide ${secretName}` : `Show ${secretName}`}
                appearance="subtle"
                spacing="compact"
                isSelected={shown}
                onClick={() => setShown((current) => !current)}
              />
            }
          />
          {tokenError && (
            <p id={errorId} role="alert" style={fieldError}>
              {tokenError}
            </p>
          )}
          {/* Always present, so screen readers announce what the app will change as soon as the token is pasted. */}
          <div aria-live="polite" id={changesId}>
            {changes.length > 0 && (
              <div style={spaceAbove['space.100']}>
                <SectionMessage appearance="information" title="What the app removes before saving">
                  <ul aria-label="Changes to the pasted token" style={indentedList}>
                    {changes.map((change) => (
                      <li key={change}>{change}</li>
                    ))}
                  </ul>
                </SectionMessage>
              </div>
            )}
          </div>
          {fields.kind === 'aws' && (
            <div style={spaceAbove['space.150']}>
              <label htmlFor={regionId} style={fieldLabel}>
                {fields.regionLabel}
              </label>
              <Textfield
                id={regionId}
                ref={regionRef}
                value={region}
                onChange={(event) => setRegion(event.currentTarget.value)}
                placeholder="eu-west-1"
                spellCheck={false}
                isInvalid={Boolean(shownError('region'))}
                aria-describedby={shownError('region') ? regionErrorId : undefined}
              />
              {shownError('region') && (
                <p id={regionErrorId} role="alert" style={fieldError}>
                  {error}
                </p>
              )}
            </div>
          )}
          {saving && (
            <p role="status" style={savingNote}>
              Saving and checking your token…
            </p>
          )}
          {/* Always present, so screen readers announce a warning when it appears as the person types. */}
          <div aria-live="polite" id={warningId}>
            {warnings.map((warning) => (
              <div key={warning} style={spaceAbove['space.100']}>
                <SectionMessage appearance="warning">
                  <p>{warning}</p>
                </SectionMessage>
              </div>
            ))}
          </div>

          {pat?.verification && (
            <section aria-labelledby={lastCheckId}>
              <h3 id={lastCheckId} style={sectionHeading}>
                Last check with {host.name}
              </h3>
              <VerificationDetails verification={pat.verification} />
            </section>
          )}

          {pages.length > 1 ? (
            <div id={helpId}>
              <h3 style={sectionHeading}>Permissions needed for branches and pull requests</h3>
              {pages.map((page) => (
                <ul key={page.label} aria-label={`${page.label.replace(/^New /, '')}: permissions needed`} style={pageNeeds}>
                  <li>
                    {page.label.replace(/^New /, '').replace(/^./, (first) => first.toUpperCase())}:{' '}
                    {page.needs.map((need, i) => (
                      <span key={need}>
                        {i > 0 && ', '}
                        <code style={codeText}>{need}</code>
                      </span>
                    ))}
                  </li>
                </ul>
              ))}
            </div>
          ) : (
            <div id={helpId}>
              <h3 style={sectionHeading}>Scopes needed for branches and pull requests</h3>
              <ul aria-label="Scopes needed" style={indentedList}>
                {host.scopes.map((scope) => (
                  <li key={scope}>
                    <code style={codeText}>{scope}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <h3 style={sectionHeading}>How to create one</h3>
          <ol style={indentedList}>
            {host.howToCreate.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          <div style={spaceAbove['space.150']}>
            {pages.length > 0 ? (
              pages.map((page) => (
                <Button
                  key={page.label}
                  appearance="subtle"
                  iconBefore={LinkExternalIcon}
                  aria-label={`${page.label} (opens ${host.name} in a new tab)`}
                  onClick={() => void openExternal(page.url)}
                >
                  {page.label}
                </Button>
              ))
            ) : (
              <p style={noTokenPage}>{host.noTokenPageReason}</p>
            )}
          </div>
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={onClose} isDisabled={saving || rotating}>
            Cancel
          </Button>
          <Button type="submit" appearance="primary" isDisabled={!complete || rotating} isLoading={saving}>
            Update
          </Button>
        </ModalFooter>
      </form>
    </ModalDialog>
  );
}
