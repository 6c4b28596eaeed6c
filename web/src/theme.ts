import {
  createTheme,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  VariantColorsResolver,
} from '@mantine/core';

/**
 * Text on Mantine's pale (light, outline, subtle) and bright filled variants falls under 4.5:1 for
 * orange, green and yellow; darkened here so every badge, alert and button reads (axe: color-contrast).
 */
const readableColors: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const base = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!base.isThemeColor) return colors;
  if (input.variant === 'light' || input.variant === 'outline' || input.variant === 'subtle')
    return { ...colors, color: darken(input.theme.colors[base.color][9], 0.25), border: colors.border };
  if (input.variant === 'filled')
    return {
      ...colors,
      background: darken(input.theme.colors[base.color][9], 0.1),
      hover: darken(input.theme.colors[base.color][9], 0.2),
    };
  return colors;
};

/** Party red as the primary colour; controls at least 44 px high for thumbs (UI.md, app.css). */
export const theme = createTheme({
  primaryColor: 'red',
  primaryShade: { light: 9, dark: 6 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  defaultRadius: 'md',
  variantColorResolver: readableColors,
  // Plain objects rather than `Modal.extend(...)`: importing the components here would put them
  // (and what they import) into the entry chunk that every page waits for.
  components: {
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Đóng' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Đóng' } } },
    PasswordInput: {
      defaultProps: { visibilityToggleButtonProps: { 'aria-label': 'Hiện hoặc ẩn mật khẩu' } },
    },
  },
});
