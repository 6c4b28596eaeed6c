/**
 * Pure rules of study themes (the yearly rates' helpers are in common/rates.ts).
 */

/**
 * The theme that applies to an organisation: the one set closest to it on its path from the root.
 * `themesByOrg` maps an organisation id to its theme for the year.
 */
export function effectiveThemeOf<T>(path: string, themesByOrg: Map<string, T>): T | null {
  const ids = path.split('/').filter(Boolean);
  for (let i = ids.length - 1; i >= 0; i--) {
    const theme = themesByOrg.get(ids[i]);
    if (theme) return theme;
  }
  return null;
}
