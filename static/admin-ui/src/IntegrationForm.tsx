import Button from '@atlaskit/button/new';
import Checkbox from '@atlaskit/checkbox';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { useId, useRef, useState, type CSSProperties, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { AdminPage, Integration, IntegrationInput } from '../../../src/contract';
import { normalizeAzureOrganization } from '../../../src/domain/azureOrganization';
import { normalizeBaseUrl } from '../../../src/domain/baseUrl';
import { HOST_TYPES, HOSTS, type HostType } from '../../../src/domain/hosts';
import { displayUrl } from '../../../src/domain/idn';
import { integrationInputSchema } from '../../../src/domain/integration';
import { tokenPageUrl } from '../../../src/domain/tokenUrl';
import { invokeResolver } from './invokeResolver';
import { codeText, fieldError, fieldLabel, flush, helpText, indentedList, spaceAbove } from '../../shared/styles';

interface Props {
  /** The integration to edit, or undefined to add one. */
  integration: Integration | undefined;
  revision: number;
  onClose: () => void;
  onSaved: (page: AdminPage, name: string) => void;
  onReload: () => void;
}

interface Draft {
  name: string;
  hostType: HostType;
  baseUrl: string;
  organization: string;
  requirePat: boolean;
}

const FIELDS = ['name', 'hostType', 'baseUrl', 'organization', 'requirePat'] as const;
type Field = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<Field, string>>;

// The form's fields follow one another without a container: each label keeps its space from the field above.
const label: CSSProperties = { ...fieldLabel, marginBlockStart: token('space.200') };
const hostTypeSelect: CSSProperties = {
  width: '100%',
  padding: token('space.075'),
  font: token('font.body'),
  color: token('color.text'),
  background: token('color.background.input'),
  border: `${token('border.width')} solid ${token('color.border.input')}`,
  borderRadius: token('radius.small'),
};
const tokenLinkPreview: CSSProperties = { ...helpText, marginBlockStart: token('space.200'), overflowWrap: 'anywhere' };

/** What is sent: only the fields the chosen host type takes. */
function toInput(draft: Draft, id: string | undefined): IntegrationInput {
  const host = HOSTS[draft.hostType];
  return {
    ...(id ? { id } : {}),
    name: draft.name,
    hostType: draft.hostType,
    ...(host.deployment === 'self-hosted' ? { baseUrl: draft.baseUrl } : {}),
    ...(host.needsOrganization ? { organization: draft.organization.trim() } : {}),
    requirePat: draft.requirePat,
  };
}

/** What the domain makes of the base URL and organization as typed, before anything is sent. */
interface Normalized {
  baseUrl?: ReturnType<typeof normalizeBaseUrl>;
  organization?: ReturnType<typeof normalizeAzureOrganization>;
}

function normalizeDraft(draft: Draft): Normalized {
  const host = HOSTS[draft.hostType];
  return {
    ...(host.deployment === 'self-hosted' && draft.baseUrl.trim() ? { baseUrl: normalizeBaseUrl(draft.hostType, draft.baseUrl) } : {}),
    ...(host.needsOrganization && draft.organization.trim() ? { organization: normalizeAzureOrganization(draft.organization) } : {}),
  };
}

/**
 * The same schema the resolver enforces, so a message seen here is the message the server would
 * give; a valid draft comes back normalized as the server will store it. The schema checks the
 * base URL and organization only once the other fields are valid, so their own messages come from
 * the same domain functions directly.
 */
function validate(input: IntegrationInput, normalized: Normalized): { errors: FieldErrors; normalized?: IntegrationInput } {
  const result = integrationInputSchema.safeParse(input);
  if (result.success) return { errors: {}, normalized: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as Field;
    errors[field] ??= issue.message;
  }
  if (normalized.baseUrl && !normalized.baseUrl.ok) errors.baseUrl ??= normalized.baseUrl.reason;
  if (normalized.organization && !normalized.organization.ok) errors.organization ??= normalized.organization.reason;
  return { errors };
}

const previewStyle: CSSProperties = { ...helpText, overflowWrap: 'anywhere' };

/** "Will be saved as …" and what was changed, so nothing changes behind the admin's back. */
function SavedAs({ id, value, shown, changes }: { id: string; value: string; shown?: string; changes: readonly string[] }) {
  return (
    <div id={id} aria-live="polite" style={previewStyle}>
      <p style={flush}>
        Will be saved as <code style={codeText}>{value}</code>
        {shown && shown !== value && (
          <>
            , shown to people as <code style={codeText}>{shown}</code>
          </>
        )}
        .
      </p>
      {changes.length > 0 && (
        <ul aria-label="Changes to what you entered" style={indentedList}>
          {changes.map((change) => (
            <li key={change}>{change}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function FieldMessage({ id, error, children }: { id: string; error: string | undefined; children?: ReactNode }) {
  if (error) {
    return (
      <p id={id} style={fieldError}>
        {error}
      </p>
    );
  }
  return children ? (
    <p id={id} style={helpText}>
      {children}
    </p>
  ) : null;
}

interface TextInputProps {
  label: string;
  value: string;
  error: string | undefined;
  help: ReactNode;
  onChange: (value: string) => void;
  inputRef?: RefObject<HTMLInputElement | null>;
  placeholder?: string;
  maxLength?: number;
  /** What the value will be saved as, shown under the field while it is valid. */
  savedAs?: { value: string; shown?: string; changes: readonly string[] };
}

/** A labelled Atlaskit text field whose help text turns into the field's validation message. */
function TextInput({ label: text, value, error, help, onChange, inputRef, placeholder, maxLength, savedAs }: TextInputProps) {
  const id = useId();
  const showSavedAs = savedAs && !error;
  return (
    <>
      <label htmlFor={id} style={label}>
        {text}
      </label>
      <Textfield
        id={id}
        ref={inputRef}
        value={value}
        placeholder={placeholder}
        maxLength={maxLength}
        isInvalid={Boolean(error)}
        aria-describedby={showSavedAs ? `${id}-message ${id}-saved-as` : `${id}-message`}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      <FieldMessage id={`${id}-message`} error={error}>
        {help}
      </FieldMessage>
      {showSavedAs && <SavedAs id={`${id}-saved-as`} {...savedAs} />}
    </>
  );
}

export default function IntegrationForm({ integration, revision, onClose, onSaved, onReload }: Props) {
  const [draft, setDraft] = useState<Draft>({
    name: integration?.name ?? '',
    hostType: integration?.hostType ?? 'github',
    // Shown as people read it; saving turns a Unicode host back into the stored ASCII form.
    baseUrl: integration?.baseUrl ? displayUrl(integration.baseUrl) : '',
    organization: integration?.organization ?? '',
    requirePat: integration?.requirePat ?? false,
  });
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ message: string; conflict: boolean }>();
  const [saving, setSaving] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const hostTypeId = useId();
  const host = HOSTS[draft.hostType];
  const input = toInput(draft, integration?.id);
  const fields = normalizeDraft(draft);
  const { errors: problems, normalized } = validate(input, fields);
  // Messages appear once the admin has tried to save, then follow every keystroke.
  const errors: FieldErrors = { ...serverErrors, ...(submitted ? problems : {}) };
  const previewUrl = normalized ? tokenPageUrl(normalized) : undefined;
  const title = integration ? 'Edit integration' : 'Add integration';

  function change(patch: Partial<Draft>) {
    setDraft((current) => ({ ...current, ...patch }));
    setServerErrors({});
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setFailure(undefined);
    if (!normalized) return;
    setSaving(true);
    // What was shown as "will be saved as" is what is sent; the server normalizes it again, to the same value.
    const result = await invokeResolver('saveIntegration', { integration: normalized, expectedRevision: revision });
    setSaving(false);
    if (result.ok) {
      onSaved(result.value, draft.name.trim());
      return;
    }
    const field = result.error.field?.replace(/^integration\./, '') as Field | undefined;
    if (field && FIELDS.includes(field)) setServerErrors({ [field]: result.error.message });
    else setFailure({ message: result.error.message, conflict: result.error.code === 'CONFLICT' });
  }

  return (
    <ModalDialog onClose={() => !saving && onClose()} autoFocus={nameRef} width="medium" label={title}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <ModalHeader hasCloseButton>
          <ModalTitle>{title}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          {failure && (
            <SectionMessage
              appearance={failure.conflict ? 'warning' : 'error'}
              actions={failure.conflict ? <SectionMessageAction onClick={onReload}>Reload</SectionMessageAction> : undefined}
            >
              <p>{failure.message}</p>
            </SectionMessage>
          )}

          <TextInput
            label="Display name"
            inputRef={nameRef}
            value={draft.name}
            maxLength={200}
            error={errors.name}
            help="What users see in their list, e.g. “GitHub (Acme)”."
            onChange={(name) => change({ name })}
          />

          <label htmlFor={hostTypeId} style={label}>
            Host type
          </label>
          <select
            id={hostTypeId}
            value={draft.hostType}
            onChange={(event) => change({ hostType: event.currentTarget.value as HostType })}
            style={hostTypeSelect}
          >
            {(['cloud', 'self-hosted'] as const).map((deployment) => (
              <optgroup key={deployment} label={deployment === 'cloud' ? 'Cloud' : 'Self-hosted'}>
                {HOST_TYPES.filter((type) => HOSTS[type].deployment === deployment).map((type) => (
                  <option key={type} value={type}>
                    {HOSTS[type].name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>

          {host.deployment === 'self-hosted' && (
            <TextInput
              label="Base URL"
              value={draft.baseUrl}
              placeholder="https://git.example.com"
              error={errors.baseUrl}
              help={`The address of your ${host.name} as people open it in a browser, https only; a path prefix such as /gitlab is kept, API paths such as /api/v4 are left out.`}
              onChange={(baseUrl) => change({ baseUrl })}
              savedAs={
                fields.baseUrl?.ok
                  ? { value: fields.baseUrl.url, shown: displayUrl(fields.baseUrl.url), changes: fields.baseUrl.changes }
                  : undefined
              }
            />
          )}

          {host.needsOrganization && (
            <TextInput
              label="Organization"
              value={draft.organization}
              placeholder="acme"
              error={errors.organization}
              help={
                <>
                  As in dev.azure.com/<strong>acme</strong>.
                </>
              }
              onChange={(organization) => change({ organization })}
              savedAs={
                fields.organization?.ok && fields.organization.organization !== draft.organization.trim()
                  ? { value: fields.organization.organization, changes: fields.organization.changes }
                  : undefined
              }
            />
          )}

          <div style={spaceAbove['space.200']}>
            <Checkbox
              label="Require user PAT"
              isChecked={draft.requirePat}
              onChange={(event) => change({ requirePat: event.currentTarget.checked })}
            />
            <p style={helpText}>Users see a “Required” label for this integration until they save a personal access token.</p>
          </div>

          {previewUrl && (
            <p style={tokenLinkPreview}>
              Users’ New token link: <code style={codeText}>{previewUrl}</code>
            </p>
          )}
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={onClose} isDisabled={saving}>
            Cancel
          </Button>
          <Button type="submit" appearance="primary" isLoading={saving}>
            {integration ? 'Save' : 'Add'}
          </Button>
        </ModalFooter>
      </form>
    </ModalDialog>
  );
}
