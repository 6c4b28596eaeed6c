/** Where the browser journeys find the app: a fresh server of global-setup.ts, or WEB_BASE_URL. */
export const WEB_PORT = Number(process.env.WEB_PORT ?? 3107);
export const BASE_URL = process.env.WEB_BASE_URL ?? `http://127.0.0.1:${WEB_PORT}`;
