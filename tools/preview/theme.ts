/**
 * Atlassian design-token CSS for the preview, standing in for what Jira provides to a Custom UI
 * page after `view.theme.enable()`: light and dark colors plus spacing, typography and shape.
 */
const THEMES = ['atlassian-light', 'atlassian-dark', 'atlassian-spacing', 'atlassian-typography', 'atlassian-shape'];

/** The `data-theme` attribute Atlaskit's theme CSS selects on (as getThemeHtmlAttrs builds it). */
export const THEME_ATTRIBUTE = 'dark:dark light:light shape:shape spacing:spacing typography:typography';

export function themeCss(): string {
  return THEMES.map((theme) => {
    // The theme's file name is only known at run time, which an import cannot say.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    const module = require(`@atlaskit/tokens/dist/cjs/artifacts/themes/${theme}.js`) as { default: string };
    return module.default;
  }).join('\n');
}
