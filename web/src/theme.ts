import { createTheme, PasswordInput } from '@mantine/core';

/** Party red as the primary colour; controls at least 44 px high for thumbs (UI.md). */
export const theme = createTheme({
  primaryColor: 'red',
  primaryShade: { light: 9, dark: 6 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  defaultRadius: 'md',
  components: {
    PasswordInput: PasswordInput.extend({
      defaultProps: { visibilityToggleButtonProps: { 'aria-label': 'Hiện hoặc ẩn mật khẩu' } },
    }),
  },
});
